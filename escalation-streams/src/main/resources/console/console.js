// The operator console: the incident list and one incident's page, on top of the operator API of the
// port that served it (same origin, no other host). Refreshes by short polling every POLL_MS; the
// clocks on the page (age, time left in the response window) tick every second in between.
'use strict';

(function () {
  const POLL_MS = 2000;
  const TOKEN_KEY = 'incident-console.token';
  const FILTER_KEY = 'incident-console.filters';
  const STATUSES = ['OPEN', 'ACKNOWLEDGED', 'MITIGATED', 'RESOLVED', 'CLOSED', 'DISMISSED'];
  const ACTIVE = ['OPEN', 'ACKNOWLEDGED', 'MITIGATED'];
  const SEVERITIES = ['P1', 'P2', 'P3', 'P4'];
  // Response window: under this much time left it is shown as "soon".
  const SOON_MS = 5 * 60 * 1000;

  // The buttons of an incident. `allowed` mirrors the engine's rule (CommandRules.allowedIn) so that a
  // button is only offered where it can work; the API checks again and its answer is shown as it is.
  const COMMANDS = [
    { name: 'acknowledge', label: 'Acknowledge', allowed: ['OPEN'], fields: null },
    { name: 'mitigate', label: 'Mark mitigated', allowed: ['OPEN', 'ACKNOWLEDGED'], fields: null },
    {
      name: 'update', label: 'Post update', allowed: ACTIVE, send: 'Send update',
      fields: [{ key: 'message', label: 'Status update (goes into the next update to customers)', multiline: true }],
    },
    {
      name: 'resolve', label: 'Resolve', allowed: ACTIVE, send: 'Resolve incident',
      fields: [
        { key: 'rootCause', label: 'Root cause', multiline: true, p1p2: true },
        { key: 'impact', label: 'Impact', multiline: true, p1p2: true },
        { key: 'prevention', label: 'Prevention', multiline: true, p1p2: true },
      ],
    },
    {
      name: 'dismiss', label: 'Dismiss', allowed: ['OPEN', 'ACKNOWLEDGED'], send: 'Dismiss incident', danger: true,
      fields: [{ key: 'reason', label: 'Reason (e.g. false positive: a load test)', multiline: false }],
    },
    {
      name: 'escalate', label: 'Escalate', allowed: ACTIVE, send: 'Escalate now',
      fields: [{ key: 'message', label: 'Why (optional)', multiline: false, optional: true }],
    },
  ];

  const STATUS_TEXT = {
    0: 'No connection', 400: 'Bad request', 401: 'Not authorized', 404: 'Not found', 409: 'Not allowed now',
    413: 'Too large', 500: 'Server error', 503: 'Engine unavailable',
  };

  const view = document.getElementById('view');
  const refreshState = document.getElementById('refresh-state');
  let generation = 0;
  let pollTimer = null;
  let currentLoop = null;
  let lastUpdate = null;
  // The token when local storage refuses to keep it (private mode): it then lasts as long as the page.
  let memoryToken = '';

  // ---- token ----

  function token() {
    try {
      return localStorage.getItem(TOKEN_KEY) || '';
    } catch (e) {
      return '';
    }
  }

  function setToken(value) {
    try {
      if (value) {
        localStorage.setItem(TOKEN_KEY, value);
      } else {
        localStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      // Storage refused: memoryToken keeps it for this page.
    }
    memoryToken = value;
    showTokenState();
  }

  function currentToken() {
    return token() || memoryToken;
  }

  function showTokenState() {
    const state = document.getElementById('token-state');
    if (currentToken()) {
      state.textContent = 'Token set';
      state.className = 'token-state';
    } else {
      state.textContent = 'No token: read only';
      state.className = 'token-state missing';
    }
  }

  function openTokenPanel() {
    const panel = document.getElementById('token-panel');
    if (panel.hidden) {
      panel.hidden = false;
      document.getElementById('token-input').focus();
    }
  }

  function closeTokenPanel() {
    document.getElementById('token-panel').hidden = true;
    document.getElementById('token-input').value = '';
  }

  // ---- the API ----

  // Never throws: a failed request is a result with status 0 and the reason.
  async function api(method, path, body, accept) {
    const headers = { Accept: accept || 'application/json' };
    // Sent on reads too: the API ignores it there unless operatorApi.protectReads asks for it.
    if (currentToken()) {
      headers.Authorization = 'Bearer ' + currentToken();
    }
    const init = { method: method, headers: headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      return { status: 0, ok: false, message: 'cannot reach the operator API at ' + location.host + ' (' + e.message + ')' };
    }
    let text = '';
    try {
      text = await response.text();
    } catch (e) {
      return { status: 0, ok: false, message: 'the answer was cut off (' + e.message + ')' };
    }
    let json = null;
    if ((response.headers.get('Content-Type') || '').indexOf('json') >= 0) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        json = null;
      }
    }
    return {
      status: response.status,
      ok: response.ok,
      json: json,
      text: text,
      retryAfter: response.headers.get('Retry-After'),
      message: json && json.message ? json.message : (response.ok ? '' : (text || response.statusText)),
    };
  }

  function describe(result) {
    let hint = '';
    if (result.status === 401) {
      hint = currentToken() ? ' Check your token (Set token, top right).' : ' Set your operator token first (Set token, top right).';
    } else if (result.status === 503) {
      hint = ' Try again in ' + (result.retryAfter || 'a few') + ' s.';
    }
    return {
      code: result.status ? String(result.status) : '-',
      title: STATUS_TEXT[result.status] || 'Error',
      message: result.message + hint,
    };
  }

  function errorBanner(result, what) {
    const d = describe(result);
    return '<div class="banner error" role="alert" data-status="' + esc(d.code) + '"><span class="status-code">'
      + esc(d.code) + ' ' + esc(d.title) + '</span>' + (what ? esc(what) + ': ' : '') + esc(d.message) + '</div>';
  }

  // ---- polling ----

  function startPolling(refresh) {
    generation += 1;
    const gen = generation;
    clearTimeout(pollTimer);
    const loop = async function () {
      if (gen !== generation) {
        return;
      }
      await refresh(gen);
      if (gen === generation) {
        clearTimeout(pollTimer);
        pollTimer = setTimeout(loop, POLL_MS);
      }
    };
    currentLoop = loop;
    loop();
  }

  function refreshNow() {
    clearTimeout(pollTimer);
    if (currentLoop) {
      currentLoop();
    }
  }

  function markFresh() {
    lastUpdate = new Date();
    refreshState.className = 'refresh-state';
    refreshState.textContent = 'Live, updated ' + lastUpdate.toLocaleTimeString();
  }

  function markStale(result) {
    const d = describe(result);
    refreshState.className = 'refresh-state stale';
    refreshState.textContent = 'Not updated' + (lastUpdate ? ' since ' + lastUpdate.toLocaleTimeString() : '')
      + ': ' + d.code + ' ' + d.title;
  }

  // ---- formatting ----

  function esc(value) {
    return String(value === null || value === undefined ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  function duration(ms) {
    const s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    if (d > 0) {
      return d + 'd ' + h + 'h';
    }
    if (h > 0) {
      return h + 'h ' + String(m).padStart(2, '0') + 'm';
    }
    return m + 'm ' + String(sec).padStart(2, '0') + 's';
  }

  function when(iso) {
    if (!iso) {
      return '-';
    }
    const date = new Date(iso);
    return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // A ticking "age" (since) or "time left" (due) element; tick() keeps them current between refreshes.
  function since(iso) {
    return iso ? '<span data-since="' + esc(iso) + '">' + esc(sinceText(iso)) + '</span>' : '-';
  }

  function sinceText(iso) {
    return duration(Date.now() - new Date(iso).getTime());
  }

  function due(iso, status) {
    if (!iso || ACTIVE.indexOf(status) < 0) {
      return '<span class="muted">-</span>';
    }
    const d = dueState(iso);
    return '<span data-due="' + esc(iso) + '" class="' + d.cls + '" title="due ' + esc(when(iso)) + '">' + esc(d.text) + '</span>';
  }

  function dueState(iso) {
    const left = new Date(iso).getTime() - Date.now();
    if (left < 0) {
      return { cls: 'due-overdue', text: 'OVERDUE ' + duration(left) };
    }
    return { cls: left < SOON_MS ? 'due-soon' : 'due-ok', text: duration(left) + ' left' };
  }

  function tick() {
    document.querySelectorAll('[data-since]').forEach(function (el) {
      el.textContent = sinceText(el.getAttribute('data-since'));
    });
    document.querySelectorAll('[data-due]').forEach(function (el) {
      const d = dueState(el.getAttribute('data-due'));
      el.textContent = d.text;
      el.className = d.cls;
    });
  }

  function sev(severity) {
    return '<span class="sev sev-badge-' + esc(severity) + '">' + esc(severity) + '</span>';
  }

  function status(value) {
    return '<span class="status status-' + esc(value) + '">' + esc(value) + '</span>';
  }

  function tenants(list, all) {
    if (all) {
      return '<strong>all tenants</strong>' + (list && list.length ? ' <span class="muted">(' + esc(list.join(', ')) + ')</span>' : '');
    }
    return list && list.length ? esc(list.join(', ')) : '<span class="muted">unknown</span>';
  }

  function incidentLink(id) {
    return '#/incidents/' + encodeURIComponent(id);
  }

  // ---- the list ----

  function loadFilters() {
    try {
      const stored = JSON.parse(localStorage.getItem(FILTER_KEY) || 'null');
      if (stored && Array.isArray(stored.statuses) && Array.isArray(stored.severities)) {
        return {
          statuses: stored.statuses.filter(function (s) { return STATUSES.indexOf(s) >= 0; }),
          severities: stored.severities.filter(function (s) { return SEVERITIES.indexOf(s) >= 0; }),
        };
      }
    } catch (e) {
      // A broken stored filter: start from the default.
    }
    return { statuses: ACTIVE.slice(), severities: [] };
  }

  function saveFilters(filters) {
    try {
      localStorage.setItem(FILTER_KEY, JSON.stringify(filters));
    } catch (e) {
      // Not kept across loads; the filter still applies now.
    }
  }

  // The list's last answer as received: the table is rebuilt only when it differs.
  let listAnswer = null;

  function showList() {
    document.title = 'Incidents - operator console';
    listAnswer = null;
    const filters = loadFilters();
    view.innerHTML = '<div class="filters" id="filters"></div><div id="list-error"></div><div id="list"><p class="muted">Loading ...</p></div>';
    renderFilters(filters);
    document.getElementById('filters').addEventListener('click', function (event) {
      const button = event.target.closest('button[data-filter]');
      if (!button) {
        return;
      }
      const kind = button.getAttribute('data-filter');
      const value = button.getAttribute('data-value');
      const list = kind === 'status' ? filters.statuses : filters.severities;
      if (value === '*') {
        list.length = 0;
        if (kind === 'status' && button.getAttribute('data-preset') === 'active') {
          ACTIVE.forEach(function (s) { list.push(s); });
        }
      } else if (list.indexOf(value) >= 0) {
        list.splice(list.indexOf(value), 1);
      } else {
        list.push(value);
      }
      saveFilters(filters);
      renderFilters(filters);
      refreshNow();
    });
    startPolling(function (gen) { return refreshList(gen, filters); });
  }

  function renderFilters(filters) {
    function toggles(kind, values, selected) {
      return values.map(function (value) {
        return '<button type="button" class="toggle" data-filter="' + kind + '" data-value="' + value + '" aria-pressed="'
          + (selected.indexOf(value) >= 0) + '">' + value + '</button>';
      }).join('');
    }
    const activeOnly = filters.statuses.length === ACTIVE.length
      && ACTIVE.every(function (s) { return filters.statuses.indexOf(s) >= 0; });
    document.getElementById('filters').innerHTML =
      '<div class="group"><span class="group-label">Status</span>'
      + '<button type="button" class="toggle" data-filter="status" data-value="*" data-preset="active" aria-pressed="'
      + activeOnly + '">Not yet resolved</button>'
      + '<button type="button" class="toggle" data-filter="status" data-value="*" aria-pressed="'
      + (filters.statuses.length === 0) + '">Any</button>'
      + toggles('status', STATUSES, filters.statuses) + '</div>'
      + '<div class="group"><span class="group-label">Severity</span>'
      + '<button type="button" class="toggle" data-filter="severity" data-value="*" aria-pressed="'
      + (filters.severities.length === 0) + '">Any</button>'
      + toggles('severity', SEVERITIES, filters.severities) + '</div>';
  }

  async function refreshList(gen, filters) {
    const params = [];
    if (filters.statuses.length) {
      params.push('status=' + encodeURIComponent(filters.statuses.join(',')));
    }
    if (filters.severities.length) {
      params.push('severity=' + encodeURIComponent(filters.severities.join(',')));
    }
    const result = await api('GET', '/incidents' + (params.length ? '?' + params.join('&') : ''));
    if (gen !== generation) {
      return;
    }
    const errorSlot = document.getElementById('list-error');
    if (!result.ok || !Array.isArray(result.json)) {
      markStale(result);
      errorSlot.innerHTML = errorBanner(result, 'The list could not be refreshed');
      if (result.status === 401) {
        openTokenPanel();
      }
      return;
    }
    errorSlot.innerHTML = '';
    markFresh();
    // Rebuilt only when the answer changed, so a row does not flicker or lose a selection every poll.
    if (listAnswer !== result.text) {
      listAnswer = result.text;
      renderList(result.json);
    }
  }

  function renderList(incidents) {
    const openP1 = incidents.filter(function (i) { return i.severity === 'P1' && i.status === 'OPEN'; }).length;
    document.title = (openP1 ? '(' + openP1 + ' P1 open) ' : '') + 'Incidents - operator console';
    const list = document.getElementById('list');
    if (incidents.length === 0) {
      list.innerHTML = '<div class="empty" id="no-incidents">No incidents match these filters.</div>';
      return;
    }
    const rows = incidents.map(function (i) {
      return '<tr class="incident-row sev-' + esc(i.severity) + '" data-incident-id="' + esc(i.id) + '" data-status="'
        + esc(i.status) + '">'
        + '<td>' + sev(i.severity) + '</td>'
        + '<td class="incident-status">' + status(i.status) + '</td>'
        + '<td><a class="incident-title" href="' + incidentLink(i.id) + '">' + esc(i.title) + '</a>'
        + '<div class="incident-id">' + esc(i.id) + (i.components && i.components.length ? ' &middot; ' + esc(i.components.join(', ')) : '')
        + (i.alertCount > 1 ? ' &middot; ' + esc(i.alertCount) + ' alerts' : '') + '</div></td>'
        + '<td class="nowrap">' + since(i.detectedAt) + '</td>'
        + '<td class="nowrap">' + due(i.responseDueAt, i.status) + '</td>'
        + '<td class="hide-narrow">' + (i.escalationLevel > 0 ? 'level ' + esc(i.escalationLevel) : '<span class="muted">-</span>') + '</td>'
        + '<td>' + (i.onCall ? esc(i.onCall) : '<span class="muted">-</span>')
        + (i.owner && i.owner !== i.onCall ? '<div class="muted">owner ' + esc(i.owner) + '</div>' : '') + '</td>'
        + '<td class="hide-narrow">' + tenants(i.tenants, i.allTenants) + '</td>'
        + '</tr>';
    }).join('');
    list.innerHTML = '<table class="incidents" id="incidents"><thead><tr><th>Sev</th><th>Status</th><th>Incident</th>'
      + '<th>Age</th><th>Response window</th><th class="hide-narrow">Escalation</th><th>On call</th>'
      + '<th class="hide-narrow">Tenants</th></tr></thead><tbody>' + rows + '</tbody></table>';
  }

  // A click anywhere on a row opens the incident (the title is the link for keyboards and new tabs).
  view.addEventListener('click', function (event) {
    const row = event.target.closest('tr.incident-row');
    if (row && !event.target.closest('a')) {
      location.hash = incidentLink(row.getAttribute('data-incident-id'));
    }
  });

  // ---- one incident ----

  function showIncident(id) {
    document.title = id + ' - operator console';
    const state = { id: id, incident: null, renderedKey: null, postmortemVersion: null, busy: false };
    view.innerHTML = '<p><a href="#/">&larr; All incidents</a></p>'
      + '<div id="incident-error"></div>'
      + '<div id="incident" hidden>'
      + '<div class="incident-head" id="incident-head"></div>'
      + '<section class="panel" id="actions-panel"><h2>Act</h2><div class="actions" id="actions"></div>'
      + '<div id="command-form-slot"></div><div id="command-result" aria-live="polite"></div></section>'
      + '<section class="panel"><h2>Now</h2><dl class="facts" id="facts"></dl></section>'
      + '<section class="panel" id="postmortem-panel" hidden><h2>Post-mortem draft</h2><div id="postmortem"></div></section>'
      + '<section class="panel"><h2>Timeline <span class="muted">(newest first)</span></h2><div id="timeline"></div></section>'
      + '<section class="panel"><h2>Notifications sent</h2><div id="notifications"></div></section>'
      + '</div>';
    renderActions(state);
    startPolling(function (gen) { return refreshIncident(gen, state); });
  }

  async function refreshIncident(gen, state) {
    const result = await api('GET', '/incidents/' + encodeURIComponent(state.id));
    if (gen !== generation) {
      return;
    }
    const errorSlot = document.getElementById('incident-error');
    if (!result.ok || !result.json) {
      markStale(result);
      errorSlot.innerHTML = errorBanner(result, 'Incident ' + state.id + ' could not be loaded');
      if (result.status === 401) {
        openTokenPanel();
      }
      return;
    }
    errorSlot.innerHTML = '';
    markFresh();
    state.incident = result.json;
    document.getElementById('incident').hidden = false;
    renderIncident(state);
    if (state.incident.postmortem && state.postmortemVersion !== state.incident.version) {
      await refreshPostmortem(gen, state);
    }
  }

  function renderIncident(state) {
    const i = state.incident;
    // A refused command adds a timeline entry without a new version: both count as a change.
    const key = i.version + '/' + (i.timeline || []).length + '/' + (i.notifications || []).length;
    if (state.renderedKey === key) {
      updateActions(state);
      return;
    }
    state.renderedKey = key;
    document.title = i.severity + ' ' + i.status + ' ' + i.incidentId + ' - operator console';
    document.getElementById('incident-head').innerHTML =
      '<h1 id="incident-title">' + esc(i.title) + '</h1>' + sev(i.severity)
      + '<span id="incident-status" data-status="' + esc(i.status) + '">' + status(i.status) + '</span>'
      + '<span class="mono muted">' + esc(i.incidentId) + '</span>'
      + '<span class="muted">version ' + esc(i.version) + '</span>';

    const facts = [
      ['Detected', when(i.detectedAt) + ' (' + since(i.detectedAt) + ' ago)'],
      ['Response window', due(i.responseDueAt, i.status) + (i.responseDueAt ? ' <span class="muted">due ' + esc(when(i.responseDueAt)) + '</span>' : '')],
      ['Escalation', (i.escalationLevel > 0 ? 'level ' + esc(i.escalationLevel) : 'not escalated')
        + (i.escalatedTo && i.escalatedTo.length ? ' &rarr; ' + esc(i.escalatedTo.join(', ')) : '')],
      ['On call', i.onCall ? esc(i.onCall) : '-'],
      ['Owner', i.owner ? esc(i.owner) : '-'],
      ['Acknowledged', i.acknowledgedAt ? esc(when(i.acknowledgedAt)) + (i.acknowledgedBy ? ' by ' + esc(i.acknowledgedBy) : '') : '-'],
      ['Tenants', tenants(i.tenants, i.allTenants)],
      ['Components', i.components && i.components.length ? esc(i.components.join(', ')) : '-'],
      ['Alerts', esc(i.alertCount) + (i.sources && i.sources.length ? ' from ' + esc(i.sources.join(', ')) : '')],
    ];
    if (i.blockedReason) {
      facts.push(['Blocked', esc(i.blockedReason)]);
    }
    if (i.latestUpdate) {
      facts.push(['Latest update', esc(i.latestUpdate)]);
    }
    if (i.mitigatedAt) {
      facts.push(['Mitigated', esc(when(i.mitigatedAt))]);
    }
    if (i.resolvedAt) {
      facts.push(['Resolved', esc(when(i.resolvedAt))]);
    }
    if (i.dismissedAt) {
      facts.push(['Dismissed', esc(when(i.dismissedAt))]);
    }
    if (i.initialNoticeSentAt) {
      facts.push(['Customers told', esc(when(i.initialNoticeSentAt))]);
    }
    if (i.rootCause) {
      facts.push(['Root cause', esc(i.rootCause)]);
    }
    if (i.severityReasons && i.severityReasons.length) {
      facts.push(['Why ' + esc(i.severity), esc(i.severityReasons.join('; '))]);
    }
    if (i.description) {
      facts.push(['Description', esc(i.description)]);
    }
    if (i.links && i.links.length) {
      facts.push(['Links', i.links.map(function (link) {
        return /^https?:\/\//.test(link.url)
          ? '<a href="' + esc(link.url) + '" target="_blank" rel="noopener noreferrer">' + esc(link.label) + '</a>'
          : esc(link.label) + ' <span class="mono muted">' + esc(link.url) + '</span>';
      }).join('<br>')]);
    }
    document.getElementById('facts').innerHTML = facts.map(function (fact) {
      return '<div><dt>' + fact[0] + '</dt><dd>' + fact[1] + '</dd></div>';
    }).join('');

    updateActions(state);
    renderTimeline(i.timeline || []);
    renderNotifications(i.notifications || []);
  }

  function renderTimeline(entries) {
    const rows = entries.slice().reverse().map(function (entry) {
      const late = entry.lateMillis ? ' <span class="due-soon">(' + esc(duration(entry.lateMillis)) + ' late)</span>' : '';
      const change = entry.toStatus ? '<div>' + (entry.fromStatus ? esc(entry.fromStatus) + ' &rarr; ' : '') + status(entry.toStatus) + '</div>' : '';
      return '<tr class="' + (entry.type === 'COMMAND_REJECTED' ? 'rejected' : '') + '" data-type="' + esc(entry.type)
        + '" data-to-status="' + esc(entry.toStatus || '') + '">'
        + '<td class="when">' + esc(when(entry.at)) + '</td>'
        + '<td class="type">' + esc(entry.type) + change + '</td>'
        + '<td>' + (entry.actor ? esc(entry.actor) : '<span class="muted">engine</span>') + '</td>'
        + '<td>' + esc(entry.summary) + late + '</td></tr>';
    }).join('');
    document.getElementById('timeline').innerHTML = entries.length
      ? '<table class="timeline" id="timeline-table"><thead><tr><th>When</th><th>What</th><th>Who</th><th>Details</th></tr></thead><tbody>'
        + rows + '</tbody></table>'
      : '<p class="muted">Nothing yet.</p>';
  }

  function renderNotifications(notifications) {
    // <details> open state survives the refresh: the rows are rebuilt only when the list changed.
    const slot = document.getElementById('notifications');
    const key = notifications.map(function (n) { return n.notificationId; }).join('|');
    if (slot.getAttribute('data-key') === key) {
      return;
    }
    slot.setAttribute('data-key', key);
    if (!notifications.length) {
      slot.innerHTML = '<p class="muted">None sent.</p>';
      return;
    }
    const rows = notifications.slice().reverse().map(function (n) {
      const recipients = (n.recipients || []).map(function (r) { return r.name || r.id; }).join(', ');
      return '<tr><td class="when">' + esc(when(n.createdAt)) + '</td>'
        + '<td class="kind">' + esc(n.kind) + '</td>'
        + '<td>' + esc(n.channel) + ' &middot; ' + esc(n.audience) + (n.recipientRole ? ' &middot; ' + esc(n.recipientRole) : '') + '</td>'
        + '<td>' + esc(recipients || '-') + '</td>'
        + '<td><details><summary>' + esc(n.subject) + '</summary><pre class="body">' + esc(n.body) + '</pre></details></td></tr>';
    }).join('');
    slot.innerHTML = '<table class="notifications" id="notifications-table"><thead><tr><th>When</th><th>Kind</th><th>How</th>'
      + '<th>To</th><th>Message</th></tr></thead><tbody>' + rows + '</tbody></table>';
  }

  async function refreshPostmortem(gen, state) {
    const version = state.incident.version;
    const result = await api('GET', '/incidents/' + encodeURIComponent(state.id) + '/postmortem', undefined,
      'text/markdown, application/json');
    if (gen !== generation) {
      return;
    }
    const panel = document.getElementById('postmortem-panel');
    panel.hidden = false;
    const pm = state.incident.postmortem;
    const head = '<dl class="facts"><div><dt>File</dt><dd class="mono">' + esc(pm.draftPath) + '</dd></div>'
      + '<div><dt>Meeting due</dt><dd>' + esc(when(pm.meetingDueAt)) + '</dd></div>'
      + '<div><dt>Write-up due</dt><dd>' + esc(when(pm.writeupDueAt)) + '</dd></div>'
      + '<div><dt>Done</dt><dd>' + (pm.done ? 'yes' : 'no') + '</dd></div></dl>';
    if (!result.ok) {
      document.getElementById('postmortem').innerHTML = head + errorBanner(result, 'The draft could not be loaded');
      return;
    }
    state.postmortemVersion = version;
    document.getElementById('postmortem').innerHTML = head
      + '<p><button type="button" class="secondary" id="postmortem-download">Download draft</button></p>'
      + '<pre class="postmortem" id="postmortem-text">' + esc(result.text) + '</pre>';
    document.getElementById('postmortem-download').addEventListener('click', function () {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([result.text], { type: 'text/markdown' }));
      link.download = pm.draftPath.substring(pm.draftPath.lastIndexOf('/') + 1);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    });
  }

  // ---- commands ----

  function renderActions(state) {
    const actions = document.getElementById('actions');
    actions.innerHTML = COMMANDS.map(function (command) {
      return '<button type="button" data-command="' + command.name + '"' + (command.danger ? ' class="danger"' : '')
        + ' disabled>' + esc(command.label) + '</button>';
    }).join('');
    actions.addEventListener('click', function (event) {
      const button = event.target.closest('button[data-command]');
      if (!button || button.disabled) {
        return;
      }
      const command = COMMANDS.find(function (c) { return c.name === button.getAttribute('data-command'); });
      if (command.fields) {
        openForm(state, command);
      } else {
        closeForm();
        send(state, command, {});
      }
    });
  }

  function updateActions(state) {
    const incidentStatus = state.incident ? state.incident.status : null;
    COMMANDS.forEach(function (command) {
      const button = document.querySelector('button[data-command="' + command.name + '"]');
      const allowed = incidentStatus !== null && command.allowed.indexOf(incidentStatus) >= 0;
      button.disabled = state.busy || !allowed;
      button.title = allowed ? '' : command.label + ' needs ' + command.allowed.join(' or ') + ' (it is ' + incidentStatus + ')';
    });
    const form = document.getElementById('command-form');
    if (form) {
      const command = COMMANDS.find(function (c) { return c.name === form.getAttribute('data-command'); });
      form.querySelector('button[type="submit"]').disabled = state.busy || command.allowed.indexOf(incidentStatus) < 0;
    }
  }

  function openForm(state, command) {
    const severe = state.incident && (state.incident.severity === 'P1' || state.incident.severity === 'P2');
    const fields = command.fields.map(function (field) {
      const id = 'field-' + field.key;
      const note = field.p1p2 ? (severe ? ' (required for ' + esc(state.incident.severity) + ')' : ' (optional below P2)') : '';
      const input = field.multiline
        ? '<textarea id="' + id + '" name="' + field.key + '"></textarea>'
        : '<input type="text" id="' + id + '" name="' + field.key + '">';
      return '<label for="' + id + '">' + esc(field.label) + note + '</label>' + input;
    }).join('');
    document.getElementById('command-form-slot').innerHTML =
      '<form class="command-form" id="command-form" data-command="' + command.name + '">' + fields
      + '<div class="form-buttons"><button type="submit"' + (command.danger ? ' class="danger"' : '') + '>'
      + esc(command.send) + '</button><button type="button" class="secondary" id="command-cancel">Cancel</button></div></form>';
    const form = document.getElementById('command-form');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      const body = {};
      command.fields.forEach(function (field) {
        const value = form.elements[field.key].value.trim();
        // Left out when empty, so that the API names a missing field rather than an empty one.
        if (value) {
          body[field.key] = value;
        }
      });
      send(state, command, body);
    });
    document.getElementById('command-cancel').addEventListener('click', closeForm);
    updateActions(state);
    const first = form.querySelector('input, textarea');
    if (first) {
      first.focus();
    }
  }

  function closeForm() {
    document.getElementById('command-form-slot').innerHTML = '';
  }

  async function send(state, command, body) {
    const gen = generation;
    const resultSlot = document.getElementById('command-result');
    state.busy = true;
    updateActions(state);
    resultSlot.innerHTML = '<div class="banner" id="command-pending">Sending ' + esc(command.name) + ' ...</div>';
    const result = await api('POST', '/incidents/' + encodeURIComponent(state.id) + '/' + command.name, body);
    if (gen !== generation) {
      return;
    }
    state.busy = false;
    if (result.status === 202 && result.json) {
      closeForm();
      resultSlot.innerHTML = '<div class="banner ok" role="status" data-status="202">' + esc(command.label)
        + ' accepted (by ' + esc(result.json.by) + '). The engine applies it in a moment; this page follows.'
        + ' <span class="muted mono">command ' + esc(result.json.commandId) + '</span></div>';
      refreshNow();
    } else {
      resultSlot.innerHTML = errorBanner(result, command.label + ' was not done');
      if (result.status === 401) {
        openTokenPanel();
      }
      // A refusal is recorded on the timeline: show it.
      refreshNow();
    }
    updateActions(state);
  }

  // ---- start ----

  function route() {
    const match = (location.hash || '').match(/^#\/incidents\/([^/?#]+)$/);
    if (match) {
      showIncident(decodeURIComponent(match[1]));
    } else {
      showList();
    }
  }

  document.getElementById('token-button').addEventListener('click', function () {
    const panel = document.getElementById('token-panel');
    if (panel.hidden) {
      openTokenPanel();
    } else {
      closeTokenPanel();
    }
  });
  document.getElementById('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    const value = document.getElementById('token-input').value.trim();
    if (value) {
      setToken(value);
      closeTokenPanel();
      refreshNow();
    }
  });
  document.getElementById('token-forget').addEventListener('click', function () {
    setToken('');
    closeTokenPanel();
  });
  document.getElementById('token-cancel').addEventListener('click', closeTokenPanel);

  window.addEventListener('hashchange', route);
  setInterval(tick, 1000);
  showTokenState();
  route();
}());

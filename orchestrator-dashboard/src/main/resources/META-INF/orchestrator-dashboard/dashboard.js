// The orchestrator dashboard. It reads only the orchestrator Actuator endpoint, whose URL (relative to
// this page) the server wrote into <meta name="orchestrator-endpoint">, and writes every value it shows
// as text, never as HTML. Cancel is offered only when the endpoint takes a DELETE from this browser.
'use strict';

(function () {
  const meta = (name) => document.querySelector('meta[name="' + name + '"]').getAttribute('content');
  const endpoint = meta('orchestrator-endpoint');
  const refreshMillis = Math.max(200, Number(meta('orchestrator-refresh')) || 1000);
  const serverProblem = meta('orchestrator-problem');
  const OUTCOMES = ['SUCCESS', 'FAILURE', 'TIMEOUT', 'CANCELLED'];

  const $ = (id) => document.getElementById(id);
  const TIMEOUT_MILLIS = Math.max(5000, 3 * refreshMillis);
  const state = { summary: null, jobs: null, trips: null, canCancel: false, busy: false, again: false };

  // ---- small helpers ------------------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function shortType(name) {
    return name ? name.substring(name.lastIndexOf('.') + 1).replace(/\$/g, '.') : '';
  }

  function duration(millis) {
    if (millis === null || millis === undefined) return '';
    if (millis < 1000) return millis + ' ms';
    if (millis < 60000) return (millis / 1000).toFixed(1) + ' s';
    const seconds = Math.floor(millis / 1000);
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
    return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  }

  function time(instant) {
    if (!instant) return '';
    const date = new Date(instant);
    return isNaN(date) ? String(instant) : date.toLocaleTimeString([], { hour12: false }) + '.'
      + String(date.getMilliseconds()).padStart(3, '0');
  }

  function percent(progress) {
    return Math.round(Math.max(0, Math.min(1, progress || 0)) * 100);
  }

  function hidden() {
    return el('span', { className: 'hidden-detail', title: 'Shown only to users that management.endpoint.orchestrator.show-details allows' }, 'hidden');
  }

  function jobLink(job) {
    return el('a', { href: '#job/' + encodeURIComponent(job.id), className: 'job-link', title: job.jobType + '\nid ' + job.id },
      shortType(job.jobType), el('span', { className: 'job-id' }, job.id.substring(0, 8)));
  }

  function progressBar(progress) {
    const value = percent(progress);
    const fill = el('span', { className: 'fill' });
    fill.style.width = value + '%';
    return el('span', { className: 'progress' },
      el('span', { className: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value }, fill),
      el('span', { className: 'pct' }, value + ' %'));
  }

  function outcomeBadge(outcome) {
    return el('span', { className: 'badge ' + outcome.toLowerCase() }, outcome.toLowerCase());
  }

  // ---- reading the endpoint -----------------------------------------------------------------------

  function csrfHeaders() {
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return match ? { 'X-XSRF-TOKEN': decodeURIComponent(match[1]) } : {};
  }

  async function call(path, method) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MILLIS); // a hung request must not stop the page
    let response;
    try {
      response = await fetch(endpoint + path, {
        method: method || 'GET',
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'manual', // a login redirect is a refusal, not a page to parse
        headers: Object.assign({ Accept: 'application/json' }, method === 'DELETE' ? csrfHeaders() : {}),
        signal: abort.signal,
      });
    } catch (error) {
      throw new Error(abort.signal.aborted ? 'no answer within ' + duration(TIMEOUT_MILLIS) : error.message);
    } finally {
      clearTimeout(timer);
    }
    let body = null;
    if (response.type !== 'opaqueredirect' && (response.headers.get('Content-Type') || '').includes('json')) {
      body = await response.json();
    }
    return { status: response.type === 'opaqueredirect' ? 302 : response.status, body };
  }

  function refusal(status) {
    if (status === 302 || status === 401) return 'The orchestrator endpoint asks for a sign-in (HTTP ' + status + '): sign in to the application, then reload this page.';
    if (status === 403) return 'The orchestrator endpoint refused access (HTTP 403): your user may not read it.';
    if (status === 404) return 'The orchestrator endpoint was not found (HTTP 404): is it exposed (management.endpoints.web.exposure.include)?';
    return 'The orchestrator endpoint answered HTTP ' + status + '.';
  }

  // Whether to offer cancel. The summary says whether the endpoint's delete operation is enabled
  // (access unrestricted); when it is, a DELETE of a value that can never be a job id asks whether the
  // application's security lets this browser call it: only a 400 says yes. It cancels nothing.
  async function probeCancel() {
    state.canCancel = false;
    let why = '';
    if (state.summary && state.summary.cancelEnabled) {
      try {
        const answer = await call('/jobs/~', 'DELETE');
        state.canCancel = answer.status === 400;
        if (!state.canCancel) {
          why = 'The endpoint allows cancelling, but not to you: its DELETE answered HTTP ' + answer.status
            + ' (Spring Security: a role you lack, a sign-in, or CSRF protection without the XSRF-TOKEN cookie).';
        }
      } catch (error) {
        state.canCancel = false;
        why = 'Could not ask the endpoint whether you may cancel: ' + error.message;
      }
    }
    const mode = $('mode');
    mode.textContent = state.canCancel ? 'cancel allowed' : 'read-only';
    mode.className = 'tag' + (state.canCancel ? ' write' : '');
    if (why) mode.title = why;
  }

  async function cancel(id) {
    try {
      const answer = await call('/jobs/' + encodeURIComponent(id), 'DELETE');
      const reason = answer.body && (answer.body.reason || answer.body.message);
      notice(answer.status < 300 || (answer.status === 404 && reason)
        ? 'Cancel of ' + id + ': ' + reason + '.'
        : refusal(answer.status) + (reason ? ' ' + reason : ''));
    } catch (error) {
      notice('Cancel of ' + id + ' failed: ' + error.message);
    }
    refresh();
  }

  function notice(text) {
    const node = $('notice');
    node.textContent = text;
    node.hidden = !text;
  }

  function problem(text) {
    const node = $('problem');
    node.textContent = text || '';
    node.hidden = !text;
  }

  function live(ok, text) {
    const node = $('live');
    node.className = 'live ' + (ok ? 'on' : 'off');
    node.textContent = text;
  }

  // ---- the overview -------------------------------------------------------------------------------

  function typeFilter() { return $('filter-type').value; }
  function outcomeFilter() { return $('filter-outcome').value; }

  function updateTypeOptions(types) {
    const select = $('filter-type');
    const chosen = select.value;
    const known = new Set(Array.from(select.options).map((option) => option.value));
    for (const type of Array.from(types).sort()) {
      if (!known.has(type)) select.append(el('option', { value: type }, shortType(type)));
    }
    select.value = chosen;
  }

  function cancelButton(job) {
    if (!state.canCancel) return null;
    return el('button', { type: 'button', className: 'cancel', 'data-job-id': job.id, onclick: () => cancel(job.id) }, 'Cancel');
  }

  // Rows are kept from one refresh to the next (keyed, e.g. by job id) and a cell is rewritten only
  // when what it shows changed: a button or link under the pointer is not replaced while it is clicked.
  const signatures = new WeakMap();

  function syncRows(tbody, items, keyOf, attributesOf, cellsOf) {
    const existing = new Map(Array.from(tbody.children).map((tr) => [tr.dataset.key, tr]));
    const rows = items.map((item) => {
      const key = keyOf(item);
      let tr = existing.get(key);
      if (!tr) {
        tr = el('tr', attributesOf(item));
        tr.dataset.key = key;
      }
      cellsOf(item).forEach(([className, ...content], index) => {
        let td = tr.children[index];
        if (!td) {
          td = el('td');
          tr.append(td);
        }
        if (td.className !== className) td.className = className;
        const kept = content.filter((part) => part !== null && part !== undefined);
        const signature = kept.map((part) => (part instanceof Element ? part.outerHTML : String(part))).join('\u0000');
        if (signatures.get(td) !== signature) {
          signatures.set(td, signature);
          td.replaceChildren(...kept.map((part) => (part instanceof Node ? part : document.createTextNode(String(part)))));
        }
      });
      return tr;
    });
    rows.forEach((tr, index) => {
      if (tbody.children[index] !== tr) tbody.insertBefore(tr, tbody.children[index] || null);
    });
    while (tbody.children.length > rows.length) tbody.lastElementChild.remove();
  }

  function renderOverview() {
    const summary = state.summary;
    const jobs = state.jobs;
    const clustered = summary && summary.cluster && summary.cluster.enabled;
    document.body.classList.toggle('clustered', Boolean(clustered));
    if (summary) {
      $('count-running').textContent = summary.runningJobs;
      $('count-trips').textContent = summary.circuitBreaker.tripsLastMinute;
      $('count-dropped').textContent = summary.buses.reduce((sum, bus) => sum + bus.droppedEvents, 0);
      $('instance').hidden = !clustered;
      $('instance').textContent = clustered ? 'instance ' + summary.cluster.instance : '';
      syncRows($('bus-rows'), summary.buses, (bus) => bus.name, (bus) => ({ 'data-bus': bus.name }), (bus) => [
        ['', bus.name], ['number', bus.subscribers], ['number' + (bus.droppedEvents > 0 ? ' warn' : ''), bus.droppedEvents]]);
      syncRows($('executor-rows'), Object.entries(summary.executors), ([type]) => type, ([type]) => ({ title: type }),
        ([type, executor]) => [['', shortType(type)], ['', executor]]);
      renderCluster(summary.cluster);
    }
    if (!jobs) return;
    $('details').hidden = jobs.details;
    $('count-finished').textContent = jobs.finished.length;
    updateTypeOptions(new Set(jobs.running.concat(jobs.finished).map((job) => job.jobType)));
    const type = typeFilter();
    const outcome = outcomeFilter();
    const ofType = (job) => !type || job.jobType === type;
    const jobRow = (job) => ({ 'data-job-id': job.id, className: 'job' });

    const running = (outcome === '' || outcome === 'RUNNING') ? jobs.running.filter(ofType) : [];
    syncRows($('running-rows'), running, (job) => job.id, jobRow, (job) => [
      ['', jobLink(job)],
      ['', job.bus],
      ['', progressBar(job.progress), job.status === 'RUNNING' ? null : el('span', { className: 'status' }, job.status.toLowerCase())],
      ['message', jobs.details ? (job.message || '') : hidden()],
      ['number attempt', job.attempt],
      ['number elapsed', duration(job.elapsedMillis)],
      ['cluster-only instance', job.instance || (!clustered ? '' : job.started ? 'here' : 'waiting')],
      ['', cancelButton(job)]]);
    $('running-empty').hidden = running.length > 0;

    const finished = (outcome === '' || OUTCOMES.includes(outcome))
      ? jobs.finished.filter((job) => ofType(job) && (!outcome || job.outcome === outcome)) : [];
    syncRows($('finished-rows'), finished, (job) => job.id, jobRow, (job) => [
      ['', jobLink(job)],
      ['', job.bus],
      ['outcome', outcomeBadge(job.outcome)],
      ['number', duration(job.durationMillis)],
      ['number attempts', job.attempts],
      ['error', jobs.details ? (job.error || '') : (job.outcome === 'FAILURE' || job.outcome === 'TIMEOUT' ? hidden() : '')],
      ['', time(job.finished)]]);
    $('finished-empty').hidden = finished.length > 0;
    $('finished-empty').textContent = jobs.finished.length ? 'No finished job matches the filter.' : 'No job has ended yet.';

    const trips = state.trips ? state.trips.trips : [];
    syncRows($('trip-rows'), trips, (trip) => trip.orchestrator + '|' + trip.eventType + '|' + trip.at,
      () => ({ className: 'trip' }), (trip) => [
        ['', trip.orchestrator],
        ['', el('span', { title: trip.eventType }, shortType(trip.eventType))],
        ['number', trip.count],
        ['number', trip.limit],
        ['', time(trip.at)]]);
    $('trips-empty').hidden = trips.length > 0;

    const here = jobs.runningHere || [];
    syncRows($('here-rows'), here, (job) => job.id, (job) => ({ 'data-job-id': job.id }), (job) => [
      ['', el('span', { title: job.jobType + '\nid ' + job.id }, shortType(job.jobType))],
      ['', progressBar(job.progress)],
      ['number', job.attempt],
      ['number', duration(job.elapsedMillis)]]);
    $('here-empty').hidden = here.length > 0;
  }

  function renderCluster(cluster) {
    $('cluster').hidden = !cluster.enabled;
    if (!cluster.enabled) return;
    const facts = [['instance', cluster.instance], ['taking jobs', cluster.takingJobs ? 'yes' : 'no'],
      ['share group', cluster.shareGroup || ''], ['running here', cluster.runningHere]];
    for (const [role, topic] of Object.entries(cluster.topics || {})) facts.push(['topic (' + role + ')', topic]);
    $('cluster-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
  }

  // ---- one job ------------------------------------------------------------------------------------

  function eventName(type) {
    return type.replace(/^Job/, '').replace(/Event$/, '').toLowerCase();
  }

  function eventDetail(event, details) {
    const parts = [];
    if (event.progress !== undefined && event.progress !== null) parts.push(percent(event.progress) + ' %');
    if (event.message) parts.push(event.message);
    if (event.type === 'JobRetryingEvent') {
      parts.push('attempt ' + event.attempt + ' failed' + (event.error ? ': ' + event.error : ''));
      parts.push('next attempt in ' + duration(event.delayMillis));
    } else if (event.type === 'JobFailureEvent') {
      parts.push('after ' + event.attempt + ' attempt' + (event.attempt === 1 ? '' : 's') + (event.error ? ': ' + event.error : ''));
    } else if (event.type === 'JobTimeoutEvent') {
      parts.push('timeout ' + duration(event.delayMillis));
    }
    const text = parts.join(' · ');
    const hiddenPart = !details && (event.type === 'JobRetryingEvent' || event.type === 'JobFailureEvent' || event.type === 'JobProgressEvent');
    return hiddenPart ? [text + (text ? ' · ' : ''), hidden()] : [text];
  }

  async function renderJob(id) {
    let answer;
    try {
      answer = await call('/jobs/' + encodeURIComponent(id));
    } catch (error) {
      live(false, 'offline: ' + error.message);
      return;
    }
    live(answer.status === 200, answer.status === 200 ? 'live · ' + time(new Date()) : 'HTTP ' + answer.status);
    const job = answer.body;
    if (answer.status !== 200 || !job) {
      $('job-title').textContent = answer.status === 404 ? 'No running or recently finished job ' + id : refusal(answer.status);
      $('job-facts').replaceChildren();
      $('job-events').replaceChildren();
      $('job-actions').replaceChildren();
      $('job-events-note').textContent = '';
      return;
    }
    const details = state.jobs ? state.jobs.details : false;
    const running = job.outcome === undefined;
    $('job-title').replaceChildren(shortType(job.jobType) + ' ', running ? el('span', { className: 'badge running' }, job.status.toLowerCase()) : outcomeBadge(job.outcome));
    const facts = [['id', job.id], ['type', job.jobType], ['executor', job.executor], ['bus', job.bus]];
    if (running) {
      facts.push(['progress', progressBar(job.progress)], ['attempt', job.attempt], ['elapsed', duration(job.elapsedMillis)]);
      if (job.instance) facts.push(['instance', job.instance]);
    } else {
      facts.push(['attempts', job.attempts], ['duration', duration(job.durationMillis)], ['ended', time(job.finished)]);
      if (job.error || job.outcome === 'FAILURE' || job.outcome === 'TIMEOUT') facts.push(['error', job.error || hidden()]);
    }
    $('job-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', { 'data-fact': name }, value)]));
    const actions = $('job-actions');
    const offerCancel = running && state.canCancel;
    const shown = actions.firstElementChild;
    if (offerCancel !== Boolean(shown) || (shown && shown.dataset.jobId !== job.id)) {
      actions.replaceChildren(...(offerCancel ? [cancelButton(job)] : []));
    }
    const events = job.events || [];
    syncRows($('job-events'), events, (event) => String(events.indexOf(event)),
      (event) => ({ className: 'event', 'data-type': event.type }),
      (event) => [['', time(event.at)], ['', eventName(event.type)], ['', ...eventDetail(event, details)]]);
    const notKept = job.eventsNotKept || 0;
    $('job-events-note').textContent = job.events === undefined
      ? 'This application keeps no events per job (management.endpoint.orchestrator.events-per-job is 0).'
      : (notKept ? notKept + ' events after the first were not kept (management.endpoint.orchestrator.events-per-job).' : '');
  }

  // ---- the loop -----------------------------------------------------------------------------------

  function currentJob() {
    const match = location.hash.match(/^#job\/(.+)$/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  async function refresh() {
    if (state.busy) {
      state.again = true; // asked for while reading (after a cancel, a click): read once more after this one
      return;
    }
    state.busy = true;
    try {
      const [summary, jobs, trips] = await Promise.all([call(''), call('/jobs'), call('/trips')]);
      const failed = [summary, jobs, trips].find((answer) => answer.status !== 200);
      if (failed) {
        problem(refusal(failed.status));
        live(false, 'HTTP ' + failed.status);
      } else {
        problem('');
        state.summary = summary.body;
        state.jobs = jobs.body;
        state.trips = trips.body;
        live(true, 'live · ' + time(new Date()));
      }
      document.body.classList.toggle('stale', Boolean(failed));
      const id = currentJob();
      $('overview').hidden = id !== null;
      $('job').hidden = id === null;
      if (id !== null) await renderJob(id);
      else renderOverview();
    } catch (error) {
      live(false, 'offline: ' + error.message);
      document.body.classList.add('stale'); // what is shown is the last answer, not the present
    } finally {
      state.busy = false;
      if (state.again) {
        state.again = false;
        refresh();
      }
    }
  }

  function tick() {
    if (!document.hidden) refresh(); // a hidden tab does not poll
  }

  async function start() {
    $('endpoint-link').setAttribute('href', endpoint || '#');
    if (serverProblem || !endpoint) {
      problem(serverProblem || 'The dashboard does not know where the orchestrator endpoint is.');
      live(false, 'no endpoint');
      return;
    }
    $('filter-type').addEventListener('change', renderOverview);
    $('filter-outcome').addEventListener('change', renderOverview);
    window.addEventListener('hashchange', () => { notice(''); refresh(); });
    document.addEventListener('visibilitychange', tick);
    await refresh();
    await probeCancel();
    await refresh();
    document.body.dataset.ready = 'true'; // the first full picture, cancel decided
    setInterval(tick, refreshMillis);
  }

  start();
})();

// The page: reads everything from GET /api/state, then follows the live updates of /api/events
// (Server-Sent Events). It keeps no state of its own that the server does not have, so a reload
// shows exactly what is going on.
'use strict';

const JOBS_SHOWN = 5;
const BUS_ROWS_SHOWN = 24;

// Which orchestrator's state feeds which part of the page.
const BOARDS = { UploadOrchestrator: 'upload-jobs', FlakyOrchestrator: 'flaky-jobs', ExportOrchestrator: 'export-jobs' };
const MODULES = { AuthOrchestrator: 'module-auth', ChatOrchestrator: 'module-chat', CartOrchestrator: 'module-cart' };
const LOOPS = { PingOrchestrator: 'loop-ping', PongOrchestrator: 'loop-pong' };

const page = { states: {}, bus: new Map(), trips: new Map() };

// ---- reading state ------------------------------------------------------------------------

async function loadState() {
  const response = await fetch('/api/state');
  if (!response.ok) return;
  const state = await response.json();
  showInstance(state.instance);
  showSettings(state.settings);
  Object.entries(state.orchestrators).forEach(([name, s]) => applyState(name, s));
  state.bus.forEach(addBusEntry);
  renderBusLog();
  state.trips.forEach(addTrip);
  renderTrips();
  refreshHealth();
}

/** Applies an orchestrator's state unless a newer one is already shown. */
function applyState(name, state) {
  const shown = page.states[name];
  if (shown && shown.version >= state.version) return;
  page.states[name] = state;
  if (BOARDS[name]) renderJobs(document.getElementById(BOARDS[name]), state.jobs);
  if (MODULES[name]) renderModule(document.getElementById(MODULES[name]), state);
  if (LOOPS[name]) document.getElementById(LOOPS[name]).textContent = state.answered + ' events';
  if (name === 'UploadOrchestrator') {
    const running = state.jobs.some(job => !isFinished(job.status));
    document.getElementById('upload-start').textContent =
      running ? 'Start another upload (replaces the running one)' : 'Start upload';
  }
}

function connect() {
  const events = new EventSource('/api/events');
  const live = document.getElementById('live');
  events.addEventListener('hello', () => {
    live.textContent = 'live';
    live.className = 'live on';
    // (Re)connected: catch up on whatever happened meanwhile, including the updates missed when the
    // server dropped this page for falling behind.
    loadState();
  });
  events.onerror = () => {
    live.textContent = 'reconnecting…';
    live.className = 'live off';
    // When the stream ends (the server drops a page that falls behind, or restarts) the browser
    // reconnects on its own; after an error answer (say, 503 while the server stops) it gives up,
    // so then open a new connection.
    if (events.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
  };
  events.addEventListener('state', e => {
    const update = JSON.parse(e.data);
    applyState(update.orchestrator, update.state);
  });
  events.addEventListener('bus', e => {
    addBusEntry(JSON.parse(e.data));
    scheduleBusLog();
  });
  events.addEventListener('trip', e => {
    addTrip(JSON.parse(e.data));
    renderTrips();
    refreshHealth();
  });
}

// ---- jobs ---------------------------------------------------------------------------------

function isFinished(status) {
  return ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED'].includes(status);
}

/** Updates the list in place, so that a button being clicked is not replaced under the pointer. */
function renderJobs(list, jobs) {
  const shown = jobs.slice(0, JOBS_SHOWN);
  const keep = new Set(shown.map(job => job.id));
  [...list.children].forEach(item => { if (!keep.has(item.dataset.id)) item.remove(); });
  shown.forEach((job, index) => {
    let item = list.querySelector(`li[data-id="${job.id}"]`);
    if (!item) item = createJobItem(job);
    fillJobItem(item, job);
    if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
  });
}

function createJobItem(job) {
  const item = document.createElement('li');
  item.dataset.id = job.id;
  item.innerHTML = `
    <div class="top"><span class="title"></span><span class="ran-on"></span><span class="badge"></span>
      <button class="cancel" type="button">Cancel</button></div>
    <progress max="1" value="0"></progress>
    <div class="message"></div>
    <div class="notice"></div>
    <div class="result"></div>
    <div class="error"></div>
    <ul class="notes"></ul>
    <div class="meta"></div>`;
  item.querySelector('.cancel').addEventListener('click', () => cancelJob(item, job.id));
  return item;
}

function fillJobItem(item, job) {
  item.className = 'job status-' + job.status;
  item.dataset.status = job.status;
  item.dataset.progress = job.progress;
  item.querySelector('.title').textContent = job.title;
  item.querySelector('.badge').textContent = job.status.replace('_', ' ');
  // Cluster mode only: the instance that runs (or ran) the job; empty, and hidden, in one JVM.
  item.querySelector('.ran-on').textContent = job.instance ? 'on ' + job.instance : '';
  item.dataset.instance = job.instance || '';
  item.querySelector('.cancel').hidden = isFinished(job.status);
  item.querySelector('progress').value = job.progress;
  const steps = job.totalSteps ? `${job.step}/${job.totalSteps} · ` : '';
  item.querySelector('.message').textContent = job.message ? steps + job.message : '';
  item.querySelector('.notice').textContent = job.status === 'RETRYING' && job.retry ? job.retry.text : '';
  item.querySelector('.result').textContent = job.result || '';
  item.querySelector('.error').textContent = job.status === 'FAILED' || job.status === 'TIMED_OUT' ? job.error : '';
  const notes = item.querySelector('.notes');
  notes.innerHTML = '';
  job.notes.forEach(note => {
    const li = document.createElement('li');
    li.textContent = note;
    notes.appendChild(li);
  });
  const took = job.finishedAt ? ' · took ' + seconds(new Date(job.finishedAt) - new Date(job.createdAt)) : '';
  item.querySelector('.meta').textContent = `job ${job.id.slice(0, 8)} · started ${time(job.createdAt)}${took}`;
}

async function startJob(section, body) {
  await post(section, '/api/jobs', body);
}

async function cancelJob(item, id) {
  const section = item.closest('section');
  const response = await fetch('/api/jobs/' + id, { method: 'DELETE' });
  showProblem(section, response.ok ? null : await response.json());
}

// ---- modules and buses --------------------------------------------------------------------

function renderModule(box, state) {
  box.querySelector('.status').textContent = state.status;
  box.querySelector('.detail').textContent = state.detail || '';
  box.dataset.user = state.user || '';
  const input = document.getElementById('login-user');
  if (box.id === 'module-auth' && state.user && document.activeElement !== input) input.value = state.user;
}

function addBusEntry(entry) {
  page.bus.set(entry.seq, entry);
}

let busLogScheduled = false;
function scheduleBusLog() {
  if (busLogScheduled) return;
  busLogScheduled = true;
  requestAnimationFrame(() => { busLogScheduled = false; renderBusLog(); });
}

function renderBusLog() {
  const entries = [...page.bus.values()]
    .sort((a, b) => (b.at.localeCompare(a.at)) || (b.seq - a.seq))
    .slice(0, BUS_ROWS_SHOWN);
  const body = document.querySelector('#bus-log tbody');
  if (entries.length === 0) return;
  body.innerHTML = '';
  entries.forEach(entry => {
    const row = document.createElement('tr');
    row.className = entry.bus;
    row.dataset.bus = entry.bus;
    row.dataset.event = entry.event;
    row.dataset.job = entry.job || '';
    row.innerHTML = `<td></td><td><span class="bus bus-${entry.bus}"></span></td><td></td><td></td><td></td>`;
    const cells = row.children;
    cells[0].textContent = time(entry.at);
    cells[1].firstChild.textContent = entry.bus;
    cells[2].textContent = entry.event;
    cells[3].textContent = entry.job || '—';
    cells[4].textContent = entry.detail || '';
    body.appendChild(row);
  });
}

async function login(event) {
  event.preventDefault();
  await post(document.getElementById('modules'), '/api/login', { user: document.getElementById('login-user').value });
}

// ---- circuit breaker ----------------------------------------------------------------------

function addTrip(trip) {
  page.trips.set(trip.orchestrator + '@' + trip.at, trip);
}

function renderTrips() {
  const trips = [...page.trips.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 8);
  const list = document.getElementById('trips');
  if (trips.length === 0) return;
  list.innerHTML = '';
  trips.forEach(trip => {
    const li = document.createElement('li');
    li.className = 'trip';
    li.textContent = `${time(trip.at)} · ${trip.orchestrator} dropped ${trip.eventType}: `
      + `${trip.count} in one second, limit ${trip.limit}`;
    list.appendChild(li);
  });
}

async function refreshHealth() {
  const link = document.getElementById('health');
  try {
    const response = await fetch('/actuator/health');
    const health = await response.json();
    link.textContent = health.status;
    link.className = health.status;
  } catch (e) {
    link.textContent = 'unreachable';
    link.className = 'DOWN';
  }
}

// ---- helpers ------------------------------------------------------------------------------

async function post(section, url, body) {
  const response = await fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
  });
  showProblem(section, response.ok ? null : await response.json());
}

/** Shows the "detail" of an API error (a problem detail), or clears it. */
function showProblem(section, problem) {
  section.querySelector('.problem').textContent = problem ? problem.detail || problem.title : '';
}

/** Cluster mode only (profile "cluster"): this instance's id in the header and the tab's title. */
function showInstance(instance) {
  const badge = document.getElementById('instance');
  if (!instance) return;
  badge.textContent = 'instance ' + instance;
  badge.hidden = false;
  if (!document.title.startsWith(instance)) document.title = instance + ' · ' + document.title;
}

function showSettings(settings) {
  const set = (key, text) => document.querySelectorAll(`[data-setting="${key}"]`).forEach(el => { el.textContent = text; });
  set('upload.parts', settings.upload.parts);
  set('upload.duration', seconds(settings.upload.durationMs));
  const f = settings.flaky;
  set('flaky.rate', Math.round(f.failureRate * 100) + '%');
  set('flaky.policy', `up to ${f.maxRetries} retries, first after ${seconds(f.baseDelayMs)}`
    + (f.exponentialBackoff ? ', then doubling' : '') + `, at most ${seconds(f.maxDelayMs)}`);
  set('export.duration', seconds(settings.export.durationMs));
  set('export.timeout', settings.export.timeoutMs == null ? 'none' : seconds(settings.export.timeoutMs));
  set('breaker.limit', settings.maxEventsPerSecond);
}

function seconds(millis) {
  if (millis < 1000) return Math.round(millis) + ' ms';
  return (millis % 1000 === 0 ? millis / 1000 : (millis / 1000).toFixed(1)) + ' s';
}

function time(instant) {
  return new Date(instant).toLocaleTimeString([], { hour12: false });
}

// ---- wiring -------------------------------------------------------------------------------

function wire() {
  const section = id => document.getElementById(id);
  section('upload-start').addEventListener('click', () => startJob(section('upload'), { kind: 'upload' }));
  section('flaky-random').addEventListener('click', () => startJob(section('flaky'), { kind: 'flaky', mode: 'random' }));
  section('flaky-transient').addEventListener('click',
    () => startJob(section('flaky'), { kind: 'flaky', mode: 'transient', failFirst: 2 }));
  section('flaky-permanent').addEventListener('click',
    () => startJob(section('flaky'), { kind: 'flaky', mode: 'permanent' }));
  section('export-start').addEventListener('click', () => startJob(section('export'), { kind: 'export' }));
  section('loop-start').addEventListener('click', () => post(section('breaker'), '/api/loop', {}));
  section('login-form').addEventListener('submit', login);
  section('reload').addEventListener('click', () => window.location.reload());
}

wire();
loadState();
connect();

/**
 * The live page's script (plain ES5-style JS, inlined): it listens to the event stream, appends
 * each frame's seconds to the charts' series (the server sends the series once, then only what is
 * new), puts the frame's markup into its regions, redraws three uPlot charts, and sends Stop and
 * the changes of users to this server. On the `ui` page (data-mode="ui") it also sends the start
 * form and starts the view again for each new run. It talks to nothing else.
 */
export const LIVE_SCRIPT = String.raw`
(function () {
  'use strict';
  var C = { blue: '#2457c5', red: '#c62828', green: '#17803d', orange: '#e07b00', purple: '#7b3fc4' };
  var COLUMNS = ['t', 'rps', 'fps', 'users', 'browserUsers', 'p50', 'p95', 'p99'];
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };
  var ui = document.documentElement.getAttribute('data-mode') === 'ui';
  var charts = {};
  var series = null;
  var run = null;
  var state = document.getElementById('live-state');
  var stop = document.getElementById('stop');
  var fields = [field('resize', 'target', 'target', 'protocol'), field('resize-browser', 'browser-target', 'browserTarget', 'browser')];

  function field(formId, inputId, key, kind) {
    return { form: document.getElementById(formId), input: document.getElementById(inputId), key: key, kind: kind, edited: false };
  }
  function line(label, color) { return { label: label, stroke: color, width: 1.6 }; }
  function empty() { var s = {}; COLUMNS.forEach(function (c) { s[c] = []; }); return s; }

  // Each chart's element carries its series' latest values (data-last), which the tests read.
  function draw(id, lines, data, yLabel) {
    var el = document.getElementById(id);
    if (!el || data[0].length === 0) return;
    el.setAttribute('data-last', JSON.stringify(data.slice(1).map(function (v) { return v[v.length - 1]; })));
    if (charts[id]) { charts[id].setData(data); return; }
    charts[id] = new uPlot({
      width: Math.max(320, el.clientWidth), height: 220, tzDate: utc,
      scales: { x: { time: true } },
      series: [{ label: 'time (UTC)', value: '{HH}:{mm}:{ss}' }].concat(lines),
      axes: [{}, { label: yLabel, size: 56 }],
    }, data, el);
    el.setAttribute('data-rendered', 'true');
  }

  // The frame's seconds go where it says: what the page had from there on is replaced.
  function append(points) {
    COLUMNS.forEach(function (c) {
      var column = series[c];
      column.length = Math.min(column.length, points.from);
      Array.prototype.push.apply(column, points[c]);
    });
  }

  function redraw() {
    var s = series;
    draw('chart-throughput', [line('requests/s', C.blue), line('failures/s', C.red)], [s.t, s.rps, s.fps], 'per second');
    draw('chart-users', [line('protocol users', C.green), line('browser users', C.purple)], [s.t, s.users, s.browserUsers], 'users');
    draw('chart-latency', [line('p50', C.green), line('p95', C.orange), line('p99', C.red)], [s.t, s.p50, s.p95, s.p99], 'ms');
  }

  function showStatus(status) {
    fields.forEach(function (f) {
      if (f.input && !f.edited && document.activeElement !== f.input) f.input.value = String(status[f.key]);
    });
    state.textContent = status.ended ? 'run ended' : 'running';
    stop.disabled = status.ended;
    if (ui) document.getElementById('start').disabled = !status.ended;
  }

  function show(frame) {
    if (frame.run !== run) { run = frame.run; series = empty(); }
    if (frame.points) append(frame.points);
    var ids = Object.keys(frame.parts);
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.innerHTML = frame.parts[id];
    });
    if (ids.length === 0) return;
    if (frame.points) redraw();
    if (frame.status) showStatus(frame.status);
    else if (ui) { stop.disabled = true; document.getElementById('start').disabled = false; }
    document.documentElement.setAttribute('data-frames', String(Number(document.documentElement.getAttribute('data-frames') || 0) + 1));
    if (frame.status && frame.status.ended && !ui) events.close();
  }

  function post(path, body, then) {
    var req = new XMLHttpRequest();
    req.open('POST', path);
    req.setRequestHeader('Content-Type', 'application/json');
    req.onload = function () { then(req.status, req.responseText); };
    req.send(JSON.stringify(body));
  }
  function problemOf(text) {
    try { return JSON.parse(text).error; } catch (e) { return 'the server answered: ' + text; }
  }

  var events = new EventSource('events');
  events.onmessage = function (e) { show(JSON.parse(e.data)); };
  events.onerror = function () { state.textContent = 'disconnected'; };

  stop.addEventListener('click', function () {
    stop.disabled = true;
    state.textContent = 'stopping…';
    post('stop', {}, function () {});
  });
  fields.forEach(function (f) {
    if (!f.form) return;
    f.input.addEventListener('input', function () { f.edited = true; });
    f.form.addEventListener('submit', function (e) {
      e.preventDefault();
      post('users', { target: Number(f.input.value), kind: f.kind }, function (status, text) {
        f.edited = false;
        state.textContent = status === 200 ? 'changed' : problemOf(text);
      });
    });
  });

  if (ui) {
    var start = document.getElementById('start-form');
    var problem = document.getElementById('start-problem');
    start.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = {};
      Array.prototype.forEach.call(start.elements, function (el) { if (el.name) body[el.name] = el.value; });
      problem.textContent = '';
      post('start', body, function (status, text) {
        var answer = status === 200 ? JSON.parse(text) : { started: false, error: problemOf(text) };
        if (answer.started) state.textContent = 'starting…';
        else problem.textContent = answer.error;
      });
    });
  }
})();
`;

/**
 * The live page's script (plain ES5-style JS, inlined): it listens to the run's event stream,
 * puts each second's markup into its regions, redraws three uPlot charts, and sends Stop and the
 * change of users to this server. It talks to nothing else.
 */
export const LIVE_SCRIPT = String.raw`
(function () {
  'use strict';
  var C = { blue: '#2457c5', red: '#c62828', green: '#17803d', orange: '#e07b00', purple: '#7b3fc4' };
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };
  var charts = {};
  var state = document.getElementById('live-state');
  var stop = document.getElementById('stop');
  var form = document.getElementById('resize');
  var target = document.getElementById('target');
  var edited = false;

  function line(label, color) { return { label: label, stroke: color, width: 1.6 }; }

  // Each chart's element carries its series' latest values (data-last), which the tests read.
  function draw(id, series, values, yLabel) {
    var data = values;
    var el = document.getElementById(id);
    if (!el || data[0].length === 0) return;
    el.setAttribute('data-last', JSON.stringify(data.slice(1).map(function (v) { return v[v.length - 1]; })));
    if (charts[id]) { charts[id].setData(data); return; }
    charts[id] = new uPlot({
      width: Math.max(320, el.clientWidth), height: 220, tzDate: utc,
      scales: { x: { time: true } },
      series: [{ label: 'time (UTC)', value: '{HH}:{mm}:{ss}' }].concat(series),
      axes: [{}, { label: yLabel, size: 56 }],
    }, data, el);
    el.setAttribute('data-rendered', 'true');
  }

  function show(frame) {
    Object.keys(frame.parts).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.innerHTML = frame.parts[id];
    });
    var ch = frame.charts;
    draw('chart-throughput', [line('requests/s', C.blue), line('failures/s', C.red)], [ch.t, ch.rps, ch.fps], 'per second');
    draw('chart-users', [line('protocol users', C.green), line('browser users', C.purple)], [ch.t, ch.users, ch.browserUsers], 'users');
    draw('chart-latency', [line('p50', C.green), line('p95', C.orange), line('p99', C.red)], [ch.t, ch.p50, ch.p95, ch.p99], 'ms');
    if (!edited && document.activeElement !== target) target.value = String(frame.status.target);
    state.textContent = frame.status.ended ? 'run ended' : 'running';
    document.documentElement.setAttribute('data-frames', String(Number(document.documentElement.getAttribute('data-frames') || 0) + 1));
    if (frame.status.ended) { stop.disabled = true; events.close(); }
  }

  function post(path, body, then) {
    var req = new XMLHttpRequest();
    req.open('POST', path);
    req.setRequestHeader('Content-Type', 'application/json');
    req.onload = function () { then(req.status, req.responseText); };
    req.send(JSON.stringify(body));
  }

  var events = new EventSource('events');
  events.onmessage = function (e) { show(JSON.parse(e.data)); };
  events.onerror = function () { state.textContent = 'disconnected'; };

  stop.addEventListener('click', function () {
    stop.disabled = true;
    state.textContent = 'stopping…';
    post('stop', {}, function () {});
  });
  target.addEventListener('input', function () { edited = true; });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    post('users', { target: Number(target.value) }, function (status, text) {
      edited = false;
      state.textContent = status === 200 ? 'changed' : JSON.parse(text).error;
    });
  });
})();
`;

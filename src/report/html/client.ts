/**
 * The report pages' own scripts (plain ES5-style JS, inlined): charts drawn with uPlot from the
 * embedded JSON, and sortable tables. They read nothing but the page itself.
 */
export const CHARTS_SCRIPT = String.raw`
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };
  var C = { blue: '#2457c5', red: '#c62828', green: '#17803d', orange: '#e07b00', purple: '#7b3fc4', grey: '#7d8694' };

  function line(label, color, extra) {
    var s = { label: label, stroke: color, width: 1.6, spanGaps: false };
    for (var k in extra) s[k] = extra[k];
    return s;
  }

  function lastIndex(values) {
    for (var i = values.length - 1; i >= 0; i--) if (values[i] != null) return i;
    return null;
  }

  // uPlot's legend reads "--" while the cursor is off the plot. Off the plot, each series shows its
  // latest value instead (and x says "up to" where the data ends); on it, the value under the
  // cursor, and "no data" in a gap, so the legend always says something true.
  // Figures as the tables show them: 0.42, 8.31, 87.5, 1204; counts as they are.
  function figure(u, v) {
    if (Math.round(v) === v) return String(v);
    var abs = Math.abs(v);
    return abs < 10 ? v.toFixed(2) : abs < 100 ? v.toFixed(1) : String(Math.round(v));
  }

  function steadyLegend(chart) {
    chart.series.forEach(function (s, sidx) {
      var shown = sidx === 0 ? s.value : figure;
      s.value = function (u, v, si, idx) {
        if (idx == null) {
          var last = lastIndex(u.data[si]);
          if (last == null) return 'no data';
          var text = shown(u, u.data[si][last], si, last);
          return si === 0 ? 'up to ' + text : text;
        }
        return v == null ? 'no data' : shown(u, v, si, idx);
      };
    });
    chart.setLegend({ idx: null });
  }

  function mount(id, opts, values) {
    var el = document.getElementById(id);
    if (!el) return;
    opts.width = Math.max(320, el.clientWidth);
    opts.height = opts.height || 230;
    // The legend's markers dashed like their lines, so p99 and the pages line read as in the plot.
    opts.legend = { markers: { dash: function (u, i) { return u.series[i].dash ? 'dashed' : 'solid'; } } };
    var chart = new uPlot(opts, values, el);
    steadyLegend(chart);
    el.setAttribute('data-rendered', 'true');
    charts.push({ el: el, chart: chart });
  }

  function timeChart(id, series, values, yLabel) {
    mount(id, {
      tzDate: utc,
      scales: { x: { time: true } },
      series: [{ label: 'time (UTC)', value: '{HH}:{mm}:{ss}' }].concat(series),
      axes: [{}, { label: yLabel, size: 56 }],
    }, [data.t].concat(values));
  }

  var ch = data.charts;
  data.t = ch.t;
  timeChart('chart-throughput', [line('requests/s', C.blue, { fill: 'rgba(36,87,197,0.08)' }), line('failures/s', C.red)], [ch.rps, ch.fps], 'per second');
  timeChart('chart-users', [line('protocol users', C.green), line('browser users', C.purple)], [ch.users, ch.browserUsers], 'users');
  // p95 and p99 often coincide when an interval has few requests: p95 is drawn wide and solid,
  // p99 narrow and dashed on top of it, so where they meet both stay visible.
  var latencySeries = [line('p50', C.green), line('p95', C.orange, { width: 3 }), line('p99', C.red, { width: 1.4, dash: [5, 3] })];
  var latencyValues = [ch.p50, ch.p95, ch.p99];
  if (ch.hasPages) { latencySeries.push(line('browser pages p95', C.purple, { dash: [10, 3, 2, 3] })); latencyValues.push(ch.pagesP95); }
  timeChart('chart-latency', latencySeries, latencyValues, 'ms');

  function pctLabel(n) {
    if (n <= 0) return '0%';
    var p = 100 * (1 - Math.pow(10, -n));
    return (Math.round(p * 1000) / 1000) + '%';
  }
  var dist = ch.distribution;
  var colors = [C.blue, C.green, C.purple];
  mount('chart-distribution', {
    scales: { x: { time: false } },
    series: [{ label: 'percentile', value: function (u, v) { return v == null ? '' : pctLabel(v); } }].concat(
      dist.series.map(function (s, i) { return line(s.label, colors[i % colors.length]); })),
    axes: [
      { splits: function (u) { var out = []; for (var n = 0; n <= u.scales.x.max + 1e-9; n++) out.push(n); return out; },
        values: function (u, splits) { return splits.map(pctLabel); }, label: 'percentile' },
      { label: 'ms', size: 56 },
    ],
  }, [dist.x].concat(dist.series.map(function (s) { return s.values; })));

  if (ch.cpu.t.length > 0) {
    mount('chart-cpu', {
      tzDate: utc,
      scales: { x: { time: true }, y: { range: [0, Math.max(100, Math.max.apply(null, ch.cpu.node.concat([0])))] } },
      series: [{ label: 'time (UTC)', value: '{HH}:{mm}:{ss}' }, line('machine % (all cores)', C.grey, { fill: 'rgba(125,134,148,0.10)' }), line('node % of a core', C.blue), line('chromium % of a core', C.purple)],
      axes: [{}, { label: '% CPU', size: 56 }],
    }, [ch.cpu.t, ch.cpu.machine, ch.cpu.node, ch.cpu.browser]);
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      charts.forEach(function (c) { c.chart.setSize({ width: Math.max(320, c.el.clientWidth), height: c.chart.height }); });
    }, 150);
  });

  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
`;

/** Click-to-sort for every `table.sortable` (numeric cells carry their value in data-v). */
export const SORT_SCRIPT = String.raw`
(function () {
  'use strict';
  function sortKey(cell) {
    var v = cell.getAttribute('data-v');
    if (v !== null) return v === '' ? -Infinity : Number(v);
    return (cell.textContent || '').toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.classList.add('sortable');
      th.setAttribute('title', 'sort');
      th.addEventListener('click', function () {
        var dir = th.classList.contains('sorted-asc') ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
        th.classList.add(dir === 1 ? 'sorted-asc' : 'sorted-desc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[col]), y = sortKey(b.cells[col]);
          return (x < y ? -1 : x > y ? 1 : 0) * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
`;

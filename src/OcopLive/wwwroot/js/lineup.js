// Line-up planning: build (POST .../lineup/build, a Hangfire job; the page polls GET .../lineup
// while it is Building), reorder with ▲▼ or drag and drop, edit minutes, save (PUT .../lineup),
// lock (POST .../lineup/lock).
(function () {
  'use strict';
  var root = document.getElementById('planning');
  if (!root) { return; }
  var O = window.Ocop, $ = O.byTestId;
  var sessionId = root.dataset.sessionId;
  var base = '/api/sessions/' + sessionId + '/lineup';
  // Segment lengths come from the server (SegmentLength), so the page and the API never disagree.
  var minMinutes = parseInt(root.dataset.segmentMin, 10), maxMinutes = parseInt(root.dataset.segmentMax, 10);
  var products = JSON.parse(document.getElementById('lineup-products').textContent || '{}');
  var state = null, segments = [], dragging = null;

  function message(text, isError) {
    var el = $('lineup-message'); el.textContent = text || ''; el.className = 'message' + (isError ? ' error' : '');
  }

  function buttons(count) {
    var locked = state === 'Locked';
    $('lineup-save').disabled = locked; $('lineup-lock').disabled = locked || !count; $('lineup-build').disabled = locked || state === 'Building';
  }

  function render() {
    O.text($('lineup-state'), state || '—');
    var locked = state === 'Locked';
    buttons(segments.length);
    var list = $('lineup-segments'), frag = document.createDocumentFragment();
    segments.forEach(function (s, i) {
      var p = products[s.productId] || { name: s.productId, producerName: '' };
      var li = document.createElement('li');
      li.dataset.testid = 'lineup-segment-' + (i + 1);
      li.draggable = !locked;
      var label = document.createElement('span');
      label.className = 'grow';
      label.textContent = (s.plannedStart ? O.time(s.plannedStart) + ' · ' : '') + p.name + ' · ' + O.money(s.priceVnd);
      var why = document.createElement('small');
      why.className = 'muted';
      why.textContent = p.producerName + (s.reason ? ' · ' + s.reason : '');
      label.appendChild(document.createElement('br'));
      label.appendChild(why);
      li.appendChild(label);
      var minutes = document.createElement('input');
      minutes.type = 'number'; minutes.min = minMinutes; minutes.max = maxMinutes; minutes.value = s.minutes; minutes.style.width = '4.5em';
      minutes.disabled = locked; minutes.dataset.testid = 'lineup-minutes-' + (i + 1);
      minutes.addEventListener('change', function () { s.minutes = parseInt(minutes.value, 10) || s.minutes; });
      li.appendChild(minutes);
      [['▲', -1, 'up'], ['▼', 1, 'down']].forEach(function (b) {
        var btn = document.createElement('button');
        btn.type = 'button'; btn.textContent = b[0]; btn.disabled = locked; btn.dataset.testid = 'lineup-' + b[2] + '-' + (i + 1);
        btn.addEventListener('click', function () { move(i, i + b[1]); });
        li.appendChild(btn);
      });
      li.addEventListener('dragstart', function () { dragging = i; li.classList.add('dragging'); });
      li.addEventListener('dragend', function () { li.classList.remove('dragging'); });
      li.addEventListener('dragover', function (e) { e.preventDefault(); });
      li.addEventListener('drop', function (e) { e.preventDefault(); if (dragging !== null) { move(dragging, i); dragging = null; } });
      frag.appendChild(li);
    });
    list.replaceChildren(frag);
  }

  function move(from, to) {
    if (to < 0 || to >= segments.length || from === to) { return; }
    var s = segments.splice(from, 1)[0];
    segments.splice(to, 0, s);
    render();
    message('Chưa lưu — bấm “Lưu thứ tự”.');
  }

  function load() {
    return O.api('GET', base).then(function (res) {
      if (!res.ok) {
        // The server-rendered list stays; the buttons follow the state the server rendered.
        state = $('lineup-state').textContent.trim();
        buttons($('lineup-segments').children.length);
        message(res.status === 404 ? 'API kịch bản chưa sẵn sàng (line-up API not available).' : res.problem.title, true);
        return;
      }
      state = res.body.state; segments = res.body.segments || [];
      render();
      if (state === 'Building') { setTimeout(load, 1000); }
    });
  }

  $('lineup-build').addEventListener('click', function () {
    message('Đang lập kịch bản…');
    O.api('POST', base + '/build').then(function (res) {
      if (res.ok) { state = 'Building'; render(); setTimeout(load, 800); } else { message(res.problem.title, true); }
    });
  });
  $('lineup-save').addEventListener('click', function () {
    var body = { segments: segments.map(function (s) { return { productId: s.productId, minutes: s.minutes, priceVnd: s.priceVnd }; }) };
    O.api('PUT', base, body).then(function (res) {
      if (res.ok) { message('Đã lưu.'); load(); } else {
        var errors = res.problem.errors ? ' ' + Object.keys(res.problem.errors).map(function (k) { return res.problem.errors[k].join(' '); }).join(' ') : '';
        message((res.problemType === 'lineup-locked' ? 'Kịch bản đã chốt.' : res.problem.title) + errors, true);
      }
    });
  });
  $('lineup-lock').addEventListener('click', function () {
    if (!window.confirm('Chốt kịch bản? Sau khi chốt không sửa được.')) { return; }
    O.api('POST', base + '/lock').then(function (res) {
      if (res.ok) { message('Đã chốt.'); load(); } else { message(res.problem.title, true); }
    });
  });

  load();
})();

// Shared helpers for OcopLive's pages: vi-VN money and Vietnam times, JSON API calls with the
// login cookie (SameSite=Strict, so no other site can make these calls with it), problem details.
(function () {
  'use strict';
  var money = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 });
  var hm = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  var hms = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  var full = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' });

  function toDate(v) { return v instanceof Date ? v : new Date(v); }

  // crypto.randomUUID exists only in secure contexts (https, localhost); a phone on plain http
  // still has getRandomValues, so build a version 4 UUID from it.
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // fetch() with the page's cookie; resolves to { ok, status, body, problem, problemType }.
  function api(method, url, body, headers) {
    var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    if (headers) { for (var k in headers) { init.headers[k] = headers[k]; } }
    return fetch(url, init).then(function (r) {
      var ct = r.headers.get('Content-Type') || '';
      var parse = ct.indexOf('json') >= 0 ? r.json().catch(function () { return null; }) : Promise.resolve(null);
      return parse.then(function (json) {
        var problem = r.ok ? null : (json || { title: 'HTTP ' + r.status, status: r.status });
        var type = problem && problem.type ? String(problem.type).split('/').pop() : null;
        return { ok: r.ok, status: r.status, body: r.ok ? json : null, problem: problem, problemType: type, response: r };
      });
    }, function () {
      return { ok: false, status: 0, body: null, problem: { title: 'Mất kết nối mạng (network error)' }, problemType: 'network' };
    });
  }

  // Polls url every `ms`; on 404 (endpoint not there yet, or unknown session) slows down to 10 s.
  function poll(url, ms, onData, onMissing) {
    var stopped = false;
    function tick() {
      if (stopped) { return; }
      api('GET', url).then(function (res) {
        var wait = ms;
        if (res.ok) { onData(res.body); } else if (res.status === 404) { wait = 10000; if (onMissing) { onMissing(res); } }
        if (!document.hidden || wait > ms) { setTimeout(tick, wait); } else { setTimeout(tick, ms * 3); }
      });
    }
    tick();
    return function () { stopped = true; };
  }

  function text(el, value) { if (el && el.textContent !== String(value)) { el.textContent = value; } }
  function byTestId(id, root) { return (root || document).querySelector('[data-testid="' + id + '"]'); }

  window.Ocop = {
    money: function (v) { return money.format(v || 0); },
    time: function (v) { return v ? hm.format(toDate(v)) : '—'; },
    timeSec: function (v) { return v ? hms.format(toDate(v)) : '—'; },
    dateTime: function (v) { return v ? full.format(toDate(v)) : '—'; },
    num: function (v) { return new Intl.NumberFormat('vi-VN').format(v || 0); },
    uuid: uuid, api: api, poll: poll, text: text, byTestId: byTestId,
  };
})();

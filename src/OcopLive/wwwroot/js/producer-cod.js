// The producer portal's delivery part: the per-session report (ordered, delivered, returned, COD
// collected, fees) and, in the order list, a mark on buyers who refused parcels anywhere (counts only).
(function () {
  'use strict';
  var root = document.getElementById('producer');
  if (!root) { return; }
  var O = window.Ocop, $ = O.byTestId;
  var producerId = root.dataset.producerId, sessionId = root.dataset.sessionId || '';
  var buyers = {};

  function cell(tr, text) { var c = document.createElement('td'); c.textContent = text; tr.appendChild(c); return c; }

  function report() {
    O.api('GET', '/api/producers/' + producerId + '/delivery-report').then(function (res) {
      if (!res.ok) { return; }
      var body = $('producer-delivery-rows');
      body.textContent = '';
      res.body.forEach(function (r) {
        var tr = document.createElement('tr');
        tr.dataset.testid = 'producer-delivery-' + r.sessionId;
        cell(tr, r.title + ' · ' + O.dateTime(r.startsAt));
        cell(tr, O.num(r.ordered));
        cell(tr, O.money(r.orderedVnd));
        cell(tr, O.num(r.delivered));
        cell(tr, O.num(r.returned));
        cell(tr, O.money(r.codCollectedVnd));
        cell(tr, O.money(r.feesVnd));
        body.appendChild(tr);
      });
    });
  }

  // Marks each order row whose buyer refused parcels: "từ chối 2 · hoàn 2 · giao 1".
  function mark() {
    var rows = $('producer-orders-body');
    if (!rows) { return; }
    Array.prototype.forEach.call(rows.querySelectorAll('tr'), function (tr) {
      var customer = tr.children[5];
      if (!customer || customer.querySelector('.refusals')) { return; }
      var phone = (customer.textContent.match(/\+84\d{9}/) || [])[0];
      var r = phone && buyers[phone];
      if (!r || r.refused + r.returned === 0) { return; }
      var badge = document.createElement('span');
      badge.className = 'refusals';
      badge.dataset.testid = 'producer-buyer-refused';
      badge.title = 'Số kiện của số điện thoại này ở mọi nhà sản xuất';
      badge.textContent = ' ⚠ từ chối ' + r.refused + ' · hoàn ' + r.returned + ' · giao ' + r.delivered;
      customer.appendChild(badge);
    });
  }

  O.api('GET', '/api/producers/' + producerId + '/buyer-reliability' + (sessionId ? '?sessionId=' + sessionId : '')).then(function (res) {
    if (!res.ok) { return; }
    res.body.forEach(function (b) { buyers[b.phone] = b; });
    mark();
    var rows = $('producer-orders-body');
    if (rows && window.MutationObserver) { new MutationObserver(mark).observe(rows, { childList: true }); }
  });
  report();
})();

// The host's overlay: follows /hubs/live for one session through Ocop.hub, like the staff pages.
// It never shows an error on air: when the connection drops it keeps the last figures on screen,
// reconnects forever (polling the live API slowly meanwhile) and resynchronises from a fresh
// snapshot (JoinSession again) once back. The words off air are OnAirWords' (Ocop.offAir).
(function () {
  'use strict';
  var stage = document.querySelector('[data-overlay]');
  if (!stage) { return; }
  var O = window.Ocop;
  var sessionId = stage.dataset.sessionId;
  function $(id) { return O.byTestId(id, stage); }
  var el = {
    card: $('overlay-card'),
    name: $('product-name'),
    state: $('session-state'),
    producer: $('producer-name'),
    stars: $('ocop-stars'),
    price: $('product-price'),
    segmentOrders: $('segment-orders'),
    sessionOrders: $('session-orders'),
    stock: $('stock-left'),
  };
  var title = el.name.textContent;

  // A counter that rises gets a short "bump"; restarting the animation needs a reflow.
  function setCount(node, value) {
    var shown = O.num(value);
    if (!node || node.textContent === shown) { return; }
    var previous = Number(node.dataset.value || '0');
    node.textContent = shown;
    node.dataset.value = String(value);
    if (value > previous) {
      node.classList.remove('bump');
      void node.offsetWidth;
      node.classList.add('bump');
    }
  }

  function render(s) {
    if (!s || s.sessionId !== sessionId) { return; }
    title = s.title || title;
    var c = s.current, stars = c ? Math.max(0, Math.min(5, c.ocopStars)) : 0;
    el.card.classList.toggle('off-air', !c);
    O.text(el.name, c ? c.name : title);
    O.text(el.state, c ? '' : O.offAir(s.status));
    O.text(el.producer, c ? c.producerName : '');
    O.text(el.stars, '★'.repeat(stars));
    el.stars.dataset.stars = String(stars);
    el.stars.setAttribute('aria-label', stars + ' sao OCOP');
    O.text(el.price, c ? O.money(c.priceVnd) : '');
    setCount(el.segmentOrders, c ? c.orders : 0);
    setCount(el.sessionOrders, s.totals.orders);
    O.text(el.stock, !c ? '' : c.stockLeft > 0 ? ('Còn ' + O.num(c.stockLeft) + ' ' + (c.unit || '')).trim() : 'Hết hàng');
    el.stock.classList.toggle('sold-out', !!c && c.stockLeft <= 0);
  }

  // Seed the counters' previous values from the server-rendered page.
  [el.segmentOrders, el.sessionOrders].forEach(function (node) {
    node.dataset.value = node.textContent.replace(/\D/g, '') || '0';
  });

  var live = O.hub({
    url: stage.dataset.hubUrl,
    join: ['JoinSession', sessionId],
    on: { snapshot: render, counters: render, segmentChanged: render },
    poll: { url: '/api/sessions/' + sessionId + '/live', ms: 10000, apply: render },
    root: stage,
  });
  // For the graphics operator's console (and the browser tests): the render and the hub.
  window.OcopOverlay = { render: render, hub: live };
})();

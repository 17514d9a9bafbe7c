// The host's overlay: follows /hubs/live for one session. It never shows an error on air: when
// the connection drops it keeps the last figures on screen, reconnects forever and resynchronises
// from a fresh snapshot (JoinSession again) once back.
(() => {
  "use strict";

  const stage = document.querySelector("[data-overlay]");
  if (!stage || !window.signalR) {
    return;
  }

  const sessionId = stage.dataset.sessionId;
  const number = new Intl.NumberFormat("vi-VN");
  const money = (vnd) => `${number.format(vnd)} ₫`;
  const byTestId = (id) => stage.querySelector(`[data-testid="${id}"]`);
  const el = {
    card: byTestId("overlay-card"),
    name: byTestId("product-name"),
    state: byTestId("session-state"),
    producer: byTestId("producer-name"),
    stars: byTestId("ocop-stars"),
    price: byTestId("product-price"),
    segmentOrders: byTestId("segment-orders"),
    sessionOrders: byTestId("session-orders"),
    stock: byTestId("stock-left"),
  };
  let title = el.name.textContent;
  // The same words as OverlayModel.OffAirText.
  const offAir = {
    Draft: "Sắp lên sóng",
    Live: "Chuẩn bị sản phẩm tiếp theo",
    Ended: "Phiên đã kết thúc · vẫn nhận đặt hàng",
    Closed: "Phiên đã khép lại · hẹn gặp lại",
  };

  const setText = (node, text) => {
    if (node && node.textContent !== text) {
      node.textContent = text;
    }
  };

  // A counter that rises gets a short "bump"; restarting the animation needs a reflow.
  const setCount = (node, value) => {
    const text = number.format(value);
    if (!node || node.textContent === text) {
      return;
    }
    const previous = Number((node.dataset.value ?? "0"));
    node.textContent = text;
    node.dataset.value = String(value);
    if (value > previous) {
      node.classList.remove("bump");
      void node.offsetWidth;
      node.classList.add("bump");
    }
  };

  const render = (s) => {
    if (!s || s.sessionId !== sessionId) {
      return;
    }
    title = s.title || title;
    const c = s.current;
    el.card.classList.toggle("off-air", !c);
    setText(el.name, c ? c.name : title);
    setText(el.state, c ? "" : offAir[s.status] ?? "");
    setText(el.producer, c ? c.producerName : "");
    setText(el.stars, c ? "★".repeat(Math.max(0, Math.min(5, c.ocopStars))) : "");
    el.stars.dataset.stars = String(c ? c.ocopStars : 0);
    el.stars.setAttribute("aria-label", `${c ? c.ocopStars : 0} sao OCOP`);
    setText(el.price, c ? money(c.priceVnd) : "");
    setCount(el.segmentOrders, c ? c.orders : 0);
    setCount(el.sessionOrders, s.totals.orders);
    setText(el.stock, !c ? "" : c.stockLeft > 0 ? `Còn ${number.format(c.stockLeft)} ${c.unit ?? ""}`.trim() : "Hết hàng");
    el.stock.classList.toggle("sold-out", !!c && c.stockLeft <= 0);
  };

  // Seed the counters' previous values from the server-rendered page.
  [el.segmentOrders, el.sessionOrders].forEach((node) => {
    node.dataset.value = node.textContent.replace(/\D/g, "") || "0";
  });

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(stage.dataset.hubUrl)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(500 * 2 ** ctx.previousRetryCount, 5000) })
    .configureLogging(signalR.LogLevel.None)
    .build();

  connection.on("snapshot", render);
  connection.on("counters", render);
  connection.on("segmentChanged", render);

  const setState = (state) => {
    stage.dataset.state = state;
  };

  const join = async () => {
    try {
      await connection.invoke("JoinSession", sessionId);
      setState("live");
    } catch {
      // Unknown session or a hiccup: ask again shortly; the screen keeps what it shows.
      setTimeout(join, 2000);
    }
  };

  const start = async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        setState("connecting");
        await connection.start();
        await join();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 5000)));
      }
    }
  };

  // For the graphics operator's console (and the browser tests): the connection and its state.
  window.ocopOverlay = { connection, get state() { return stage.dataset.state; } };

  connection.onreconnecting(() => setState("reconnecting"));
  connection.onreconnected(() => join());
  connection.onclose(() => start());

  start();
})();

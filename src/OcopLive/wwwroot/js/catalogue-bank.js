// The catalogue's bank-account editor: pick a producer, see its account (and a sample VietQR the
// producer scans with their own banking app to check the holder's name), choose the bank from
// GET /api/banks (a datalist searched by name or BIN), and save through PATCH /api/producers/{id}
// with `bank` (or `"bank": null` to go back to cash on delivery). The server's validation errors
// (Vietnamese) are shown under their fields.
(function () {
  'use strict';
  var root = document.getElementById('bank-editor');
  if (!root) { return; }
  var O = window.Ocop, $ = function (id) { return O.byTestId(id, root); };
  var form = $('bank-form');
  var picker = $('bank-producer');
  var bankInput = $('bank-bank');
  var numberInput = $('bank-account-number');
  var nameInput = $('bank-account-name');
  var banks = [];
  var current = null; // the producer as the API last answered

  // "Nguyễn Thị Hoà" → "NGUYEN THI HOA": how banks print a holder's name (no diacritics, đ → D, upper case).
  function printedName(s) {
    return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
      .replace(/\s+/g, ' ').trim().toUpperCase();
  }

  function label(b) { return b.shortName + ' — ' + b.bin; }

  // The BIN the operator meant: six digits anywhere in the text, or a bank's exact short name.
  function resolveBin(text) {
    var t = (text || '').trim();
    var digits = t.match(/\b(\d{6})\b/);
    if (digits) { return digits[1]; }
    var lower = t.toLowerCase();
    var found = banks.filter(function (b) { return b.shortName.toLowerCase() === lower; })[0];
    return found ? found.bin : null;
  }

  function bankOf(bin) { return banks.filter(function (b) { return b.bin === bin; })[0] || null; }

  function showResolved() {
    var bin = resolveBin(bankInput.value);
    var bank = bin && bankOf(bin);
    O.text($('bank-bank-resolved'), !bankInput.value.trim() ? '' : bank ? bank.shortName + ' · mã BIN ' + bin
      : bin ? 'Mã BIN ' + bin + ' (chưa có trong danh sách, vẫn dùng được)' : '');
  }

  function suggestName() {
    var typed = nameInput.value.trim();
    var normal = printedName(typed);
    $('bank-name-suggestion').hidden = !typed || normal === typed;
    O.text($('bank-name-normalised'), normal);
  }

  function clearErrors() {
    form.querySelectorAll('[data-error-for]').forEach(function (el) { el.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
  }

  var fieldInputs = { 'bank.bin': bankInput, 'bank.accountNumber': numberInput, 'bank.accountName': nameInput };

  function showProblem(res) {
    var errors = res.problem && res.problem.errors, rest = [];
    if (errors) {
      Object.keys(errors).forEach(function (key) {
        var slot = form.querySelector('[data-error-for="' + key + '"]');
        var message = (errors[key] || []).join(' ');
        if (slot) { slot.textContent = message; } else { rest.push(message); }
        if (fieldInputs[key]) { fieldInputs[key].setAttribute('aria-invalid', 'true'); }
      });
    }
    if (!errors || rest.length) {
      O.text($('bank-error'), rest.length ? rest.join(' ') : 'Không lưu được: ' + ((res.problem && res.problem.title) || 'HTTP ' + res.status));
    }
  }

  function showCurrent(producer) {
    current = producer;
    var b = producer && producer.bank;
    O.text($('bank-current'), !producer ? '' : b
      ? 'Hiện tại: ' + (b.bankName || 'mã BIN ' + b.bin) + ' · ' + b.accountNumber + ' · ' + b.accountName
      : 'Chưa có tài khoản: đơn của chủ thể này thanh toán khi nhận hàng (COD).');
    $('bank-current').dataset.state = !producer ? '' : b ? 'account' : 'cod';
    var sample = $('bank-sample');
    sample.hidden = !b;
    if (b) {
      // The account is part of the address, so a saved change never shows a cached image of the old one.
      $('bank-sample-qr').src = '/api/producers/' + producer.id + '/bank/sample-qr?account=' + encodeURIComponent(b.bin + '-' + b.accountNumber);
      O.text($('bank-sample-amount'), O.money(Number(root.dataset.sampleAmount)));
      O.text($('bank-sample-note'), root.dataset.sampleNote);
    } else {
      $('bank-sample-qr').removeAttribute('src');
    }
    $('bank-remove').hidden = !b;
    var cell = document.querySelector('[data-testid="producer-bank-' + (producer && producer.id) + '"]');
    if (cell) { O.text(cell, b ? (b.bankName || b.bin) + ' · ' + b.accountNumber : 'COD'); }
  }

  function fill(producer) {
    var b = producer && producer.bank;
    var bank = b && bankOf(b.bin);
    bankInput.value = b ? (bank ? label(bank) : b.bin) : '';
    numberInput.value = b ? b.accountNumber : '';
    nameInput.value = b ? b.accountName : '';
    showResolved();
    suggestName();
  }

  function load() {
    var id = picker.value;
    clearErrors();
    O.text($('bank-message'), '');
    var url = new URL(window.location.href);
    if (id) { url.searchParams.set('bank', id); } else { url.searchParams.delete('bank'); }
    window.history.replaceState(null, '', url);
    if (!id) { form.hidden = true; showCurrent(null); return; }
    O.api('GET', '/api/producers/' + id).then(function (res) {
      if (picker.value !== id) { return; }
      if (!res.ok) { form.hidden = true; O.text($('bank-current'), 'Không đọc được chủ thể: ' + res.problem.title); return; }
      showCurrent(res.body);
      fill(res.body);
      form.hidden = false;
    });
  }

  function patch(bank, done) {
    var id = current.id;
    clearErrors();
    O.text($('bank-message'), '');
    $('bank-save').disabled = $('bank-remove').disabled = true;
    O.api('PATCH', '/api/producers/' + id, { bank: bank }).then(function (res) {
      $('bank-save').disabled = $('bank-remove').disabled = false;
      if (!res.ok) { showProblem(res); return; }
      showCurrent(res.body);
      fill(res.body);
      O.text($('bank-message'), done);
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (!current) { return; }
    // An unknown text goes as typed: the server's answer says what a BIN must look like.
    var bin = resolveBin(bankInput.value) || bankInput.value.trim();
    patch({ bin: bin, accountNumber: numberInput.value, accountName: nameInput.value }, 'Đã lưu tài khoản. Quét mã mẫu để kiểm tra tên chủ tài khoản.');
  });
  $('bank-remove').addEventListener('click', function () {
    if (!current || !window.confirm('Xoá tài khoản? Đơn mới của chủ thể này sẽ thanh toán khi nhận hàng (COD).')) { return; }
    patch(null, 'Đã xoá tài khoản: đơn mới thanh toán khi nhận hàng (COD).');
  });
  $('bank-name-normalise').addEventListener('click', function () {
    nameInput.value = printedName(nameInput.value);
    suggestName();
    nameInput.focus();
  });
  bankInput.addEventListener('input', showResolved);
  nameInput.addEventListener('input', suggestName);
  picker.addEventListener('change', load);

  O.api('GET', '/api/banks').then(function (res) {
    banks = res.ok ? res.body : [];
    var list = $('bank-list');
    banks.forEach(function (b) {
      var option = document.createElement('option');
      option.value = label(b);
      list.appendChild(option);
    });
    root.dataset.banks = String(banks.length);
    if (picker.value) { load(); }
  });

  window.OcopBankEditor = { printedName: printedName, resolveBin: resolveBin };
})();

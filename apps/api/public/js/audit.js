// Audit log: verify the hash chain and show where it breaks; the export link follows the filters.
(function () {
  'use strict';
  var p = window.planner;
  var button = document.querySelector('[data-verify-chain]');
  var box = document.querySelector('[data-chain-result]');
  if (!button || !box) return;
  var OK = '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="10"/><path d="m8 12 3 3 5-6"/></svg>';
  var BAD = '<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="m21.7 18-8-14a2 2 0 0 0-3.4 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.7-3Z"/><path d="M12 9v4M12 17h.01"/></svg>';

  button.addEventListener('click', function () {
    box.innerHTML = '';
    p.busy(button, p.api('GET', '/api/audit/verify'))
      .then(function (report) {
        if (report.intact) {
          box.innerHTML = '<div class="alert alert-success" data-chain-intact>' + OK + '<div><strong>✓ The audit log is intact</strong><p>All ' + report.checked +
            ' entries are present, unchanged and linked, up to entry #' + report.lastSeq + ' (hash <code>' + p.escapeHtml(String(report.lastHash).slice(0, 16)) + '…</code>).</p></div></div>';
        } else {
          box.innerHTML = '<div class="alert alert-error" data-chain-broken>' + BAD + '<div><strong>The audit log has been tampered with or is incomplete</strong><p>' + report.checked +
            ' entries checked. The chain breaks at:</p><ul>' + report.breaks.map(function (b) {
              return '<li>Entry #' + b.seq + ': ' + p.escapeHtml(b.reason) + '</li>';
            }).join('') + '</ul><p>Keep the exported CSV and contact your administrator.</p></div></div>';
        }
      })
      .catch(function (err) { box.innerHTML = '<div class="alert alert-error">' + BAD + '<p>' + p.escapeHtml(err.message) + '</p></div>'; });
  });
})();

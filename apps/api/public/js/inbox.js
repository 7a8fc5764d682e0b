// Inbox: one-click hide, handle, ready replies, the reply box with the PHI checker live, and approving replies.
(function () {
  'use strict';
  var p = window.planner;
  var thread = document.querySelector('[data-thread]');
  var commentId = thread && thread.getAttribute('data-thread');

  function act(button, method, url, body, done) {
    p.busy(button, p.api(method, url, body))
      .then(function () { p.toast(done); window.location.reload(); })
      .catch(function (err) { p.toast(err.message, 'error'); });
  }

  var sync = document.querySelector('[data-sync]');
  if (sync) sync.addEventListener('click', function () { act(sync, 'POST', '/api/inbox/sync', undefined, 'Checked for new comments'); });

  [['data-hide', 'hide', 'Hidden on the network'], ['data-unhide', 'unhide', 'Shown again'],
   ['data-handle', 'handle', 'Marked handled'], ['data-reopen', 'reopen', 'Reopened']].forEach(function (a) {
    var button = document.querySelector('[' + a[0] + ']');
    if (button) button.addEventListener('click', function () { act(button, 'POST', '/api/inbox/' + commentId + '/' + a[1], undefined, a[2]); });
  });

  document.querySelectorAll('[data-approve-reply]').forEach(function (button) {
    var item = button.closest('[data-waiting-reply]');
    button.addEventListener('click', function () {
      act(button, 'POST', '/api/inbox/replies/' + item.getAttribute('data-waiting-reply') + '/approve',
        { textHash: item.getAttribute('data-text-hash') }, 'Approved: it will be sent in a few seconds');
    });
  });

  document.querySelectorAll('[data-request-changes]').forEach(function (button) {
    var item = button.closest('[data-waiting-reply]');
    var note = item.querySelector('[data-changes-note]');
    button.addEventListener('click', function () {
      if (!note.value.trim()) { p.toast('Say what should change, so the writer knows.', 'error'); note.focus(); return; }
      act(button, 'POST', '/api/inbox/replies/' + item.getAttribute('data-waiting-reply') + '/request-changes',
        { note: note.value.trim() }, 'Sent back to the writer with your note');
    });
  });

  var form = document.querySelector('[data-reply-form]');
  if (!form) return;
  var text = form.querySelector('[data-reply-text]');
  var status = form.querySelector('[data-reply-check]');
  var findings = form.querySelector('[data-reply-findings]');
  var send = form.querySelector('[data-reply-send]');
  var timer = null;
  var seq = 0;

  function show(result) {
    findings.innerHTML = result.findings.map(function (f) {
      return '<li class="' + (f.severity === 'block' ? '' : 'is-warning') + '">“' + p.escapeHtml(f.text) + '”: ' + p.escapeHtml(f.message) + '</li>';
    }).join('');
    if (result.verdict === 'block') {
      status.textContent = 'This reply cannot be sent: change the marked words.';
      send.disabled = true;
    } else {
      status.textContent = result.verdict === 'warn' ? 'A reviewer will look at the marked words.' : 'No privacy problems found.';
      send.disabled = false;
    }
  }

  function check() {
    var value = text.value;
    if (!value.trim()) { findings.innerHTML = ''; status.textContent = 'The privacy check runs as you type.'; send.disabled = true; return; }
    var mine = ++seq;
    status.textContent = 'Checking…';
    send.disabled = true;
    p.api('POST', '/api/inbox/' + commentId + '/reply/check', { text: value })
      .then(function (result) { if (mine === seq) show(result); })
      .catch(function (err) { if (mine === seq) status.textContent = err.message; });
  }

  text.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(check, 300); });
  form.querySelectorAll('[data-template]').forEach(function (button) {
    button.addEventListener('click', function () { text.value = button.getAttribute('data-template'); text.focus(); check(); });
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (send.disabled) return;
    p.busy(send, p.api('POST', '/api/inbox/' + commentId + '/reply', { text: text.value }))
      .then(function (reply) {
        p.toast(reply.status === 'approved' ? 'Sent: it goes out in a few seconds' : 'Sent to a reviewer for approval');
        window.location.reload();
      })
      .catch(function (err) { p.toast(err.message, 'error'); });
  });
})();

// Review decisions: approve (with the content hash shown and a justification per warning), request changes, reject.
(function () {
  'use strict';
  var p = window.planner;

  function decide(card, form, button, path, body) {
    p.clearErrors(form);
    return p.busy(button, p.api('POST', '/api/posts/' + card.getAttribute('data-review-post') + '/' + path, body))
      .then(function (post) {
        var what = path === 'approve' ? (post.status === 'scheduled' ? 'Approved and scheduled' : 'Approved') : path === 'reject' ? 'Rejected' : 'Sent back to the author';
        p.toast(post.note ? what + '. ' + post.note : what);
        card.remove();
        var left = document.querySelectorAll('[data-review-post]').length;
        var count = document.querySelector('[data-queue-count]');
        if (count && left) count.textContent = left + (left === 1 ? ' post waiting' : ' posts waiting');
        if (!left) showEmptyQueue(count);
      })
      .catch(function (err) { p.showErrors(form, err); });
  }

  /** The queue's empty state, in place: a reload here would take the decision's toast away before it is read. */
  function showEmptyQueue(count) {
    var empty = document.querySelector('template[data-review-empty]');
    if (count) count.remove();
    if (empty) empty.replaceWith(empty.content.cloneNode(true));
  }

  /** Saves a signed authorization from the form box it sits in, then reloads so it can be ticked. */
  function recordAuthorization(form, button) {
    var box = form.querySelector('[data-authorization-form]');
    var value = function (name) { return box.querySelector('[data-auth="' + name + '"]').value.trim(); };
    var input = {
      patientName: value('patientName'), signedAt: value('signedAt'), documentRef: value('documentRef'),
      uses: Array.prototype.map.call(box.querySelectorAll('[data-auth-use]:checked'), function (c) { return c.value; }),
    };
    if (value('expiresAt')) input.expiresAt = value('expiresAt');
    p.busy(button, p.api('POST', '/api/authorizations', input))
      .then(function () { p.toast('Authorization saved'); window.setTimeout(function () { window.location.reload(); }, 400); })
      .catch(function (err) { p.showErrors(form, err); });
  }
  var standalone = document.querySelector('[data-authorization-standalone]');
  if (standalone) {
    var save = standalone.querySelector('[data-record-authorization]');
    save.addEventListener('click', function () { recordAuthorization(standalone, save); });
  }

  document.querySelectorAll('[data-review-post]').forEach(function (card) {
    var form = card.querySelector('[data-review-form]');
    if (!form) return;
    var comment = function () { return form.elements.comment.value.trim(); };
    var needComment = function (what) {
      if (comment().length >= 3) return false;
      p.showErrors(form, new p.ApiError(400, { message: ['Write a short comment so the author knows ' + what], fields: { comment: ['Write a short comment so the author knows ' + what] } }));
      return true;
    };
    form.querySelector('[data-approve]').addEventListener('click', function (e) {
      var overrides = [];
      var missing = false;
      card.querySelectorAll('[data-override]').forEach(function (area) {
        var text = area.value.trim();
        if (text.length < 10) missing = true;
        // One card per phrase: its justification covers the phrase on every network it is on.
        JSON.parse(area.getAttribute('data-occurrences') || '[]').forEach(function (o) {
          overrides.push({ rule: area.getAttribute('data-rule'), network: o.network, start: o.start, justification: text });
        });
      });
      if (missing) {
        p.showErrors(form, new p.ApiError(400, { message: ['Each warning needs a justification of at least 10 characters before you can approve'] }));
        return;
      }
      var body = { contentHash: card.getAttribute('data-content-hash') };
      if (overrides.length) body.overrides = overrides;
      var authorizationIds = Array.prototype.map.call(card.querySelectorAll('[name=authorizationIds]:checked'), function (c) { return c.value; });
      if (authorizationIds.length) body.authorizationIds = authorizationIds;
      decide(card, form, e.currentTarget, 'approve', body);
    });
    // Approve stays off while a must-fix finding remains, unless a signed authorization is ticked (the
    // server then decides whether it covers the patient and the use).
    var approve = form.querySelector('[data-approve]');
    var reason = form.querySelector('[data-approve-reason]');
    if (reason) {
      var sync = function () {
        var ticked = form.querySelectorAll('[name=authorizationIds]:checked').length > 0;
        approve.disabled = !ticked;
        reason.hidden = ticked;
        if (ticked) approve.removeAttribute('aria-describedby'); else approve.setAttribute('aria-describedby', reason.id);
      };
      form.addEventListener('change', sync);
      sync();
    }
    var record = form.querySelector('[data-record-authorization]');
    if (record) {
      record.addEventListener('click', function () { recordAuthorization(form, record); });
    }
    form.querySelector('[data-request-changes]').addEventListener('click', function (e) {
      if (needComment('what to change')) return;
      decide(card, form, e.currentTarget, 'request-changes', { comment: comment() });
    });
    form.querySelector('[data-reject]').addEventListener('click', function (e) {
      if (needComment('why it was rejected')) return;
      if (!window.confirm('Reject this post? The author can duplicate it to start again.')) return;
      decide(card, form, e.currentTarget, 'reject', { reason: comment() });
    });
  });
})();

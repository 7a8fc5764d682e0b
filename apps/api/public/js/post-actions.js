// The post page's actions: Publish now (after a confirmation), Retry a failed network, Unschedule, Duplicate and
// Delete. Each calls the API (which checks the role and the post's state again) and shows what happened.
(function () {
  'use strict';
  var p = window.planner;
  var root = document.querySelector('[data-post-outcome]');
  if (!root) return;
  var postId = root.getAttribute('data-post-id');
  var dialog = root.querySelector('[data-confirm-dialog]');
  var FLASH = 'planner.postFlash';

  // A message carried over the reload that shows the post's new state.
  var flash = sessionStorage.getItem(FLASH);
  if (flash) {
    sessionStorage.removeItem(FLASH);
    try { var f = JSON.parse(flash); if (f.postId === postId) p.toast(f.message, f.kind); } catch (e) { /* ignore a stale value */ }
  }

  function reloadWith(message, kind) {
    sessionStorage.setItem(FLASH, JSON.stringify({ postId: postId, message: message, kind: kind }));
    window.location.reload();
  }

  /** Resolves true when the person confirms; a browser without <dialog> falls back to confirm(). */
  function confirmFirst(title, message, confirmLabel, danger) {
    if (!dialog || typeof dialog.showModal !== 'function') return Promise.resolve(window.confirm(title + '\n\n' + message));
    dialog.querySelector('[data-confirm-title]').textContent = title;
    dialog.querySelector('[data-confirm-message]').textContent = message;
    var button = dialog.querySelector('[data-confirm-button]');
    button.textContent = confirmLabel;
    button.className = 'btn ' + (danger ? 'btn-danger-solid' : 'btn-primary');
    dialog.returnValue = '';
    return new Promise(function (resolve) {
      dialog.addEventListener('close', function onClose() {
        dialog.removeEventListener('close', onClose);
        resolve(dialog.returnValue === 'confirm');
      });
      dialog.showModal();
      button.focus();
    });
  }

  // The compose form's Delete asks with the same dialog, not the browser's own box.
  p.confirmFirst = confirmFirst;

  var networkList = root.getAttribute('data-network-list') || 'its networks';
  var outcomeOf = function (post, fallback) {
    return post.note ? { message: post.note, kind: 'error' } : { message: fallback + ' Now: ' + post.statusText + '.', kind: 'ok' };
  };

  var ACTIONS = {
    publish_now: function () {
      return confirmFirst('Publish this post now?', 'It goes out on ' + networkList + ' at once, instead of at its planned time. A published post cannot be taken back.', 'Publish now')
        .then(function (ok) {
          if (!ok) return null;
          return p.api('POST', '/api/posts/' + postId + '/publish-now').then(function (post) {
            var o = outcomeOf(post, 'Sent.');
            reloadWith(o.message, o.kind);
          });
        });
    },
    retry: function (button) {
      var targetId = button.getAttribute('data-target-id');
      var body = targetId ? { targetId: targetId } : {};
      return p.api('POST', '/api/posts/' + postId + '/retry', body).then(function (post) {
        var o = outcomeOf(post, 'Tried again.');
        reloadWith(o.message, o.kind);
      });
    },
    unschedule: function () {
      return p.api('POST', '/api/posts/' + postId + '/unschedule').then(function () {
        reloadWith('Unscheduled: it stays approved and is off the calendar until you pick a new time.', 'ok');
      });
    },
    duplicate: function () {
      return p.api('POST', '/api/posts/' + postId + '/duplicate').then(function (copy) {
        sessionStorage.setItem(FLASH, JSON.stringify({ postId: copy.id, message: 'This is a copy, saved as a draft with no date.', kind: 'ok' }));
        window.location.assign('/posts/' + copy.id);
      });
    },
    delete: function () {
      return confirmFirst('Delete this post?', 'It is removed from the calendar. This cannot be undone.', 'Delete', true).then(function (ok) {
        if (!ok) return null;
        return p.api('DELETE', '/api/posts/' + postId).then(function () { window.location.assign('/calendar'); });
      });
    },
  };

  root.addEventListener('click', function (event) {
    var button = event.target.closest('[data-action]');
    if (!button || !root.contains(button)) return;
    var run = ACTIONS[button.getAttribute('data-action')];
    if (!run) return;
    p.busy(button, Promise.resolve().then(function () { return run(button); }))
      .catch(function (err) { p.toast(err.message, 'error'); });
  });
})();

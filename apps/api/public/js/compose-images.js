// The composer's images and videos: a list to add to, remove from and reorder (each with an address or an upload
// and its alt text; a video is always an upload), and the server's live check of each one against every chosen
// network's rules (type, count, Instagram's aspect ratio, Google's size, each network's video length and size) —
// the same rules submission applies, shown before anyone submits.
(function () {
  'use strict';
  var p = window.planner;

  /**
   * Builds the list inside `box` ([data-media]) from `initial` (the post's media). `options.networks()` names the
   * chosen networks; `options.maxImages` each network's most; `options.onChange()` runs after every change (and
   * after every check), for the previews and the submit button.
   */
  /** An item that is a video: by the type its upload answered, or (an older post's address) its file name. */
  p.isVideo = function (it) {
    var type = it.facts && it.facts.mimeType;
    return type ? type.indexOf('video/') === 0 : /\.(mp4|mov)(\?|#|$)/i.test(it.url || '');
  };
  /** A video's length as people read it: 0:12, 2:20, 1:02:03. */
  p.videoLength = function (ms) {
    var s = Math.round(ms / 1000);
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    return s >= 3600 ? Math.floor(s / 3600) + ':' + two(Math.floor(s / 60) % 60) + ':' + two(s % 60) : Math.floor(s / 60) + ':' + two(s % 60);
  };

  p.composeImages = function (box, initial, options) {
    var list = box.querySelector('[data-media-list]');
    var addButton = box.querySelector('[data-add-image]');
    var countText = box.querySelector('[data-media-count]');
    var problemBox = box.querySelector('[data-media-problems]');
    var items = (initial || []).map(function (m) {
      return { url: m.url, altText: m.altText || '', facts: m.width ? factsOf(m) : null };
    });
    // A new post starts with one empty image row, so the first image is one field away, as it always was.
    if (!items.length) items.push({ url: '', altText: '', facts: null });
    var check = { key: null, problems: [], pending: false };
    var checkTimer = null;
    var checkSeq = 0;

    function filled() { return items.filter(function (it) { return it.url.trim(); }); }
    function most() {
      var nets = options.networks();
      return Math.max.apply(null, nets.map(function (n) { return options.maxImages[n]; }));
    }

    var TYPE = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/gif': 'GIF', 'image/webp': 'WebP', 'video/mp4': 'MP4', 'video/quicktime': 'MOV' };
    function factsText(it) {
      if (it.error) return it.error;
      if (!it.facts) return '';
      var f = it.facts;
      var size = f.size >= 1048576 ? (Math.round(f.size / 104857.6) / 10) + ' MB' : Math.max(1, Math.round(f.size / 1024)) + ' KB';
      var parts = [f.width + ' × ' + f.height, TYPE[f.mimeType] || f.mimeType];
      if (f.durationMs !== undefined) parts.push(p.videoLength(f.durationMs));
      if (f.frameRate) parts.push(f.frameRate + ' fps');
      parts.push(size);
      return parts.join(' · ');
    }
    function factsOf(m) {
      var f = { width: m.width, height: m.height, size: m.size, mimeType: m.mimeType };
      if (m.durationMs !== undefined) { f.durationMs = m.durationMs; f.frameRate = m.frameRate; f.codec = m.codec; }
      return f;
    }
    function thumbHtml(it, n) {
      var url = it.url.trim();
      if (!url) return '<span>' + n + '</span>';
      // A video shows its first frame (metadata only: nothing more is loaded until someone plays it).
      return p.isVideo(it) ? '<video src="' + p.escapeHtml(url) + '" muted playsinline preload="metadata" data-video-thumb></video>' : '<img src="' + p.escapeHtml(url) + '" alt="" loading="lazy">';
    }

    function render(focus) {
      list.innerHTML = items.map(function (it, i) {
        var n = i + 1;
        var last = i === items.length - 1;
        return '<li class="media-item" data-media-item="' + i + '">' +
          '<div class="media-thumb" aria-hidden="true">' + thumbHtml(it, n) + '</div>' +
          '<div class="media-fields">' +
          '<div class="field"><label for="media-url-' + i + '">Image address<span class="visually-hidden"> (image ' + n + ')</span></label>' +
          '<div class="input-group"><input id="media-url-' + i + '" type="text" inputmode="url" data-media-url data-field="media.' + i + '.url" value="' + p.escapeHtml(it.url) + '" placeholder="https://…/photo.jpg">' +
          '<label class="btn btn-secondary upload-button">Upload<input type="file" accept="image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime" data-upload class="visually-hidden" aria-label="Upload image or video ' + n + '"></label></div></div>' +
          '<div class="field"><label for="media-alt-' + i + '">Image description (alt text)<span class="visually-hidden"> (image ' + n + ')</span></label>' +
          '<input id="media-alt-' + i + '" type="text" data-media-alt data-field="media.' + i + '.altText" value="' + p.escapeHtml(it.altText) + '" placeholder="What the image shows, for screen readers"></div>' +
          '<p class="media-facts' + (it.error ? ' over' : '') + '" data-media-facts>' + p.escapeHtml(factsText(it)) + '</p>' +
          '</div>' +
          '<div class="media-order">' +
          '<button type="button" class="btn btn-ghost btn-sm" data-move="-1"' + (i === 0 ? ' disabled' : '') + ' aria-label="Move image ' + n + ' up">↑</button>' +
          '<button type="button" class="btn btn-ghost btn-sm" data-move="1"' + (last ? ' disabled' : '') + ' aria-label="Move image ' + n + ' down">↓</button>' +
          '<button type="button" class="btn btn-ghost btn-sm" data-remove aria-label="Remove image ' + n + '">Remove</button>' +
          '</div></li>';
      }).join('');
      updateCount();
      if (focus) {
        // The first of the wanted elements that can take the focus (a move button at the end is disabled).
        var el = [].concat(focus).map(function (sel) { return list.querySelector(sel); }).filter(function (x) { return x && !x.disabled; })[0];
        (el || addButton).focus();
      }
    }

    function updateCount() {
      var count = filled().length;
      var max = most();
      addButton.disabled = items.length >= max;
      var videos = filled().filter(function (it) { return p.isVideo(it); }).length;
      var what = videos ? (videos === 1 ? '1 video' : videos + ' videos') + (count > videos ? ' and ' + (count - videos === 1 ? '1 image' : (count - videos) + ' images') : '') : count === 1 ? '1 image' : count + ' images';
      countText.textContent = what + (items.length >= max ? ' · the most the chosen networks take' : '');
    }

    function indexOf(el) { return Number(el.closest('[data-media-item]').getAttribute('data-media-item')); }

    list.addEventListener('input', function (e) {
      var i = indexOf(e.target);
      if (e.target.hasAttribute('data-media-url')) {
        items[i].url = e.target.value;
        items[i].facts = null;
        items[i].error = null;
        scheduleCheck();
      }
      if (e.target.hasAttribute('data-media-alt')) items[i].altText = e.target.value;
      options.onChange();
    });
    list.addEventListener('change', function (e) {
      if (e.target.hasAttribute('data-media-url')) updateThumb(indexOf(e.target));
      if (e.target.hasAttribute('data-upload')) upload(e.target, indexOf(e.target));
    });
    /** Only the row's picture changes: the fields stay, so focus stays where the person moved it. */
    function updateThumb(i) {
      var thumb = list.querySelector('[data-media-item="' + i + '"] .media-thumb');
      thumb.innerHTML = thumbHtml(items[i], i + 1);
      updateCount();
    }
    list.addEventListener('click', function (e) {
      var button = e.target.closest('button');
      if (!button) return;
      var i = indexOf(button);
      if (button.hasAttribute('data-remove')) {
        items.splice(i, 1);
        if (!items.length) items.push({ url: '', altText: '', facts: null });
        render('[data-media-item="' + Math.min(i, items.length - 1) + '"] [data-media-url]');
      } else if (button.hasAttribute('data-move')) {
        var to = i + Number(button.getAttribute('data-move'));
        if (to < 0 || to >= items.length) return;
        var moved = items.splice(i, 1)[0];
        items.splice(to, 0, moved);
        var row = '[data-media-item="' + to + '"] ';
        render([row + '[data-move="' + button.getAttribute('data-move') + '"]', row + '[data-move]:not([disabled])']);
      } else return;
      scheduleCheck();
      options.onChange();
    });
    addButton.addEventListener('click', function () {
      if (items.length >= most()) return;
      items.push({ url: '', altText: '', facts: null });
      render('[data-media-item="' + (items.length - 1) + '"] [data-media-url]');
      options.onChange();
    });

    function upload(input, i) {
      var file = input.files && input.files[0];
      if (!file) return;
      var body = new FormData();
      body.append('file', file);
      var label = input.closest('label');
      label.setAttribute('aria-busy', 'true');
      var form = box.closest('form');
      fetch('/api/media', { method: 'POST', body: body, credentials: 'same-origin', headers: { 'x-csrf-token': p.csrfToken(), Accept: 'application/json' } })
        .then(function (res) { return res.json().then(function (json) { if (!res.ok) throw new p.ApiError(res.status, json); return json; }); })
        .then(function (stored) {
          items[i].url = stored.url;
          items[i].error = null;
          items[i].facts = factsOf(stored);
          render(items[i].altText ? null : '[data-media-item="' + i + '"] [data-media-alt]');
          scheduleCheck();
          options.onChange();
          p.toast(stored.kind === 'video' ? 'Video uploaded. Describe it in the alt text field.' : 'Image uploaded. Describe it in the alt text field.');
        })
        .catch(function (err) { p.showErrors(form, err instanceof p.ApiError ? err : new p.ApiError(0, null)); })
        .then(function () { label.removeAttribute('aria-busy'); input.value = ''; });
    }

    // ---------- The live check: the server reads each image and applies the submission rules ----------
    function keyOf() { return JSON.stringify([filled().map(function (it) { return it.url.trim(); }), options.networks()]); }
    function scheduleCheck() {
      clearTimeout(checkTimer);
      check.pending = true;
      checkTimer = setTimeout(runCheck, 500);
    }
    function runCheck() {
      var key = keyOf();
      var media = filled().map(function (it) { return { url: it.url.trim() }; });
      var seq = ++checkSeq;
      if (!media.length) { settle(key, [], []); return; }
      p.api('POST', '/api/media/check', { media: media, networks: options.networks() })
        .then(function (result) { if (seq === checkSeq) settle(key, result.images, result.problems); })
        .catch(function (err) {
          if (seq !== checkSeq) return;
          // A check that could not run blocks nothing: submission applies the same rules.
          settle(key, [], []);
          problemBox.hidden = false;
          problemBox.textContent = 'The images could not be checked right now (' + err.message + '). They are checked again when you submit.';
        });
    }
    function settle(key, images, problems) {
      check = { key: key, problems: problems, pending: false };
      var byUrl = {};
      images.forEach(function (img) { byUrl[img.url] = img; });
      items.forEach(function (it) {
        var found = byUrl[it.url.trim()];
        if (!found) return;
        it.error = found.error || null;
        if (found.width) it.facts = factsOf(found);
      });
      list.querySelectorAll('[data-media-facts]').forEach(function (el) {
        var it = items[indexOf(el)];
        el.textContent = factsText(it);
        el.classList.toggle('over', !!it.error);
      });
      problemBox.hidden = !problems.length;
      problemBox.innerHTML = problems.length
        ? '<div><strong>Before it can be submitted</strong><ul>' + problems.map(function (pr) { return '<li data-media-problem="' + p.escapeHtml(pr.network) + '">' + p.escapeHtml(pr.message) + '</li>'; }).join('') + '</ul></div>'
        : '';
      options.onChange();
    }

    render();
    if (filled().length) scheduleCheck();

    return {
      /** The images to save, in order (rows without an address are left out). */
      media: function () { return filled().map(function (it) { return { url: it.url.trim(), altText: it.altText.trim() }; }); },
      /** Each image or video with what is known of it (facts.mimeType says which), for the previews. */
      items: function () { return filled(); },
      /** What the last check (of the images and networks as they are now) found, per network. */
      problems: function () { return check.key === keyOf() ? check.problems : []; },
      /** The chosen networks changed: their limits and rules apply now. */
      networksChanged: function () { updateCount(); scheduleCheck(); },
    };
  };
})();

// The workbench's pages refresh themselves: on an event from the server (a file was made,
// the content has a problem, a contracts run moved on), the page fetches itself again and
// swaps the parts marked data-live whose content changed. Images keep their place in the
// browser's cache by URL, so only a changed document's image loads again.
(function () {
  "use strict";
  var source = document.body.getAttribute("data-begivenheder");
  if (!source || !window.EventSource || !window.fetch) {
    return;
  }
  var busy = false;
  var again = false;

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-live]").forEach(function (part) {
      var next = fresh.getElementById(part.id);
      if (next && next.innerHTML !== part.innerHTML) {
        part.innerHTML = next.innerHTML;
      }
    });
  }

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) {
          swap(html);
        }
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  var events = new EventSource(source);
  events.addEventListener("opdatering", refresh);
  events.addEventListener("open", refresh); // catch up after a lost connection
})();

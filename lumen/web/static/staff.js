// Keeps the staff page's show status fresh (GET /api/staff/status every 2 s, with the session cookie).
"use strict";

(function () {
  const section = document.getElementById("show-status");
  if (!section || !window.fetch) return;
  async function refresh() {
    try {
      const response = await fetch(section.dataset.api, { credentials: "same-origin" });
      if (!response.ok) return;
      const show = (await response.json()).show;
      for (const el of section.querySelectorAll("[data-field]")) {
        const value = show[el.dataset.field];
        el.textContent = value === undefined || value === null ? "–" : String(value);
      }
    } catch (err) { /* the next tick tries again */ }
  }
  setInterval(refresh, 2000);
})();

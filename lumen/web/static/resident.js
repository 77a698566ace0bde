// The resident form, sent through the JSON API (POST /api/journeys) when scripts run; without them
// the form posts itself (POST /) and the server answers with the same receipt or the same message.
"use strict";

(function () {
  const form = document.getElementById("journey-form");
  if (!form || !window.fetch) return;
  const summary = document.getElementById("form-error");
  const MAX_EVENTS = 12;

  // The form's fields in the API's shape; rows maps each event back to its row on the page.
  function body() {
    const data = new FormData(form);
    const events = [];
    const rows = [];
    for (let row = 0; row < MAX_EVENTS; row++) {
      const ev = {};
      for (const part of ["month", "kind", "channel"]) ev[part] = data.get(`event-${row}-${part}`) || "";
      if (ev.month || ev.kind || ev.channel) { events.push(ev); rows.push(row); }
    }
    return {
      json: {
        district: data.get("district") || "", age_band: data.get("age_band") || "",
        income_band: data.get("income_band") || "", events: events, consent: data.get("consent") === "yes",
      },
      rows: rows,
    };
  }

  function target(field, rows) {
    const m = /^\$\.events\[(\d+)\]\.(\w+)$/.exec(field || "");
    if (m && rows[+m[1]] !== undefined) return { id: `event-${rows[+m[1]]}-${m[2]}`, prefix: `Moment ${rows[+m[1]] + 1}: ` };
    const name = (field || "").replace(/^\$\./, "").split(/[.[]/)[0];
    const ids = { district: "district-0", age_band: "age_band-0", income_band: "income_band-0", consent: "consent" };
    return { id: ids[name] || "journey-form", prefix: "" };
  }

  function showError(message, field, rows) {
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    const t = target(field, rows);
    const el = document.getElementById(t.id);
    if (el && el !== form) el.setAttribute("aria-invalid", "true");
    summary.replaceChildren();
    const p = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = "Please check: ";
    const link = document.createElement("a");
    link.href = `#${t.id}`;
    link.textContent = t.prefix + message.replace(/^\$[^:]*: /, "");
    p.append(strong, link);
    summary.append(p);
    summary.hidden = false;
    summary.focus();
  }

  function showReceipt(receipt) {
    const fragment = document.getElementById("receipt-template").content.cloneNode(true);
    const held = receipt.status === "held";
    const bloom = fragment.querySelector(".bloom");
    bloom.textContent = held ? "Your light will bloom in " : "Your light is blooming in ";
    const district = document.createElement("span");
    district.className = "district";
    district.textContent = receipt.district;
    bloom.append(district, held ? " once a volunteer has looked at it." : ".");
    fragment.querySelector(".code").textContent = receipt.receipt;
    const main = document.getElementById("main");
    main.replaceChildren(fragment);
    document.querySelector("header .lead")?.remove();
    document.getElementById("receipt-title").focus();
    setTimeout(() => window.location.assign("/"), 90000);  // ready for the next resident
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { json, rows } = body();
    const key = form.elements.idempotency_key.value;
    let response;
    try {
      response = await fetch(form.dataset.api, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Idempotency-Key": key },
        body: JSON.stringify(json),
      });
    } catch (err) {
      form.submit();  // the network failed: try again as a plain form (the same key, so never twice)
      return;
    }
    let answer = {};
    try { answer = await response.json(); } catch (err) { answer = {}; }
    if (response.ok) showReceipt(answer);
    else if (response.status === 429) showError(`A lot of lights at once: please try again in ${response.headers.get("Retry-After") || "a few"} seconds.`, "", rows);
    else showError(answer.error || "Your answers could not be sent.", answer.field, rows);
  });
})();

/*
 * <attest-log>: an organization's audit log, embedded in a vendor's own page (docs/adr/0015).
 *
 *   <script src="https://attest.example.com/embed/attest-log.js" defer></script>
 *   <attest-log organization="org_…" token="avt_…"></attest-log>
 *
 * The token is a short-lived viewer token minted by the vendor's backend (POST /v1/organizations/{org}/viewer-tokens);
 * it travels in the Authorization header only, never in a cookie. The server defaults to the one this script came
 * from ("server" attribute to override). Theme it with CSS custom properties on the element: --attest-font,
 * --attest-text, --attest-background, --attest-muted, --attest-border, --attest-accent, --attest-failure,
 * --attest-success, --attest-radius. Every string of an event is inserted as text, never as markup.
 */
(() => {
  "use strict";
  if (customElements.get("attest-log")) {
    return;
  }
  const scriptUrl = document.currentScript && document.currentScript.src ? new URL(document.currentScript.src) : null;
  const CATEGORIES = ["auth", "api", "developer", "user", "org", "group", "log"];
  const ACTORS = ["member", "api_key", "app", "super_user", "system", "viewer", "unknown"];

  const STYLE = `
    :host { display: block; font: 14px/1.45 var(--attest-font, system-ui, sans-serif);
      color: var(--attest-text, #1d2433); background: var(--attest-background, #fff); position: relative; }
    * { box-sizing: border-box; }
    form.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: .75rem; }
    label { display: flex; flex-direction: column; font-size: .8rem; color: var(--attest-muted, #5b6477); gap: .15rem; }
    label.check { flex-direction: row; align-items: center; gap: .35rem; }
    input, select, button { font: inherit; color: inherit; background: var(--attest-background, #fff);
      border: 1px solid var(--attest-border, #ccd2dc); border-radius: var(--attest-radius, 6px); padding: .35rem .5rem; }
    button { cursor: pointer; }
    button.primary { background: var(--attest-accent, #3151d3); border-color: var(--attest-accent, #3151d3); color: #fff; }
    :focus-visible { outline: 2px solid var(--attest-accent, #3151d3); outline-offset: 2px; }
    table { width: 100%; border-collapse: collapse; table-layout: fixed; }
    th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--attest-border, #e3e7ee);
      vertical-align: top; overflow-wrap: anywhere; }
    th { font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; color: var(--attest-muted, #5b6477); }
    tbody tr { cursor: pointer; }
    tbody tr:hover, tbody tr:focus { background: color-mix(in srgb, var(--attest-accent, #3151d3) 8%, transparent); }
    .muted { color: var(--attest-muted, #5b6477); font-size: .8rem; display: block; }
    code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; }
    .badge { display: inline-block; border-radius: 999px; padding: 0 .5rem; font-size: .75rem; font-weight: 600; }
    .badge.ok { background: color-mix(in srgb, var(--attest-success, #1b7f4b) 15%, transparent); color: var(--attest-success, #1b7f4b); }
    .badge.fail { background: color-mix(in srgb, var(--attest-failure, #b42318) 15%, transparent); color: var(--attest-failure, #b42318); }
    .critical { color: var(--attest-failure, #b42318); font-weight: 700; margin-left: .25rem; }
    .more { margin: .75rem 0; text-align: center; }
    .empty, .error { padding: 1rem; text-align: center; color: var(--attest-muted, #5b6477); }
    .error { color: var(--attest-failure, #b42318); }
    aside { position: fixed; top: 0; right: 0; bottom: 0; width: min(36rem, 100vw); overflow: auto; z-index: 10;
      background: var(--attest-background, #fff); border-left: 1px solid var(--attest-border, #ccd2dc);
      box-shadow: -8px 0 24px rgba(0,0,0,.12); padding: 1rem; }
    aside[hidden] { display: none; }
    aside header { display: flex; justify-content: space-between; align-items: start; gap: .5rem; }
    aside h2 { font-size: 1rem; margin: 0; overflow-wrap: anywhere; }
    dl { display: grid; grid-template-columns: 9rem 1fr; gap: .25rem .75rem; margin: .75rem 0; }
    dt { color: var(--attest-muted, #5b6477); font-size: .8rem; }
    dd { margin: 0; overflow-wrap: anywhere; }
    .proof { border-radius: var(--attest-radius, 6px); padding: .5rem .75rem; margin: .75rem 0;
      border: 1px solid var(--attest-border, #ccd2dc); }
    .proof.ok { border-color: var(--attest-success, #1b7f4b); }
    .proof.bad { border-color: var(--attest-failure, #b42318); }
    pre { background: color-mix(in srgb, var(--attest-text, #1d2433) 5%, transparent); padding: .75rem;
      border-radius: var(--attest-radius, 6px); overflow: auto; font-size: .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    @media (max-width: 640px) {
      thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      table, tbody, tr, td { display: block; width: 100%; }
      tbody tr { border-bottom: 1px solid var(--attest-border, #e3e7ee); padding: .4rem 0; }
      td { border: 0; padding: .1rem .25rem; }
      form.filters > * { flex: 1 1 45%; }
      dl { grid-template-columns: 1fr; }
    }`;

  /** An element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === true) {
        node.setAttribute(name, "");
      } else if (value !== false && value !== null && value !== undefined) {
        node.setAttribute(name, String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) {
        continue;
      }
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function select(name, label, anyLabel, values) {
    const control = el("select", { name }, el("option", { value: "" }, anyLabel));
    for (const value of values) {
      control.append(el("option", { value }, value));
    }
    return el("label", {}, label, control);
  }

  function time(iso) {
    const date = new Date(iso);
    return isNaN(date) ? iso : date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  }

  class AttestLog extends HTMLElement {
    static get observedAttributes() {
      return ["token", "organization", "server"];
    }

    constructor() {
      super();
      this._token = null;
      this._next = null;
      this._opener = null;
      this._generation = 0;
      const root = this.attachShadow({ mode: "open" });
      root.append(el("style", {}, STYLE));
      this._form = el("form", { class: "filters", role: "search", "aria-label": "Filter events" },
        el("label", {}, "Search", el("input", { type: "search", name: "q", placeholder: "Actor, resource or action", maxlength: 200 })),
        select("category", "Category", "Any category", CATEGORIES),
        select("actor_type", "Actor", "Any actor", ACTORS),
        select("outcome", "Outcome", "Any outcome", ["success", "failure"]),
        el("label", { class: "check" }, el("input", { type: "checkbox", name: "critical", value: "true" }), "Security-critical only"),
        el("button", { type: "submit", class: "primary" }, "Apply"));
      this._status = el("p", { class: "empty", role: "status", "aria-live": "polite" });
      this._body = el("tbody");
      this._table = el("table", {},
        el("caption", { class: "visually-hidden" }, "Audit log events, newest first"),
        el("thead", {}, el("tr", {}, ...["Time", "Actor", "Action", "Resource", "Outcome"].map(h => el("th", { scope: "col" }, h)))),
        this._body);
      this._more = el("button", { type: "button", hidden: true }, "Load more");
      this._drawer = el("aside", { hidden: true, role: "dialog", "aria-modal": "false", "aria-labelledby": "attest-drawer-title", tabindex: "-1" });
      root.append(this._form, this._table, this._status, el("div", { class: "more" }, this._more), this._drawer);
      this._form.addEventListener("submit", event => { event.preventDefault(); this.reload(); });
      this._form.addEventListener("change", () => this.reload());
      this._more.addEventListener("click", () => this._load(false));
      this._body.addEventListener("click", event => this._openFrom(event));
      this._body.addEventListener("keydown", event => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this._openFrom(event);
        }
      });
      this._drawer.addEventListener("keydown", event => {
        if (event.key === "Escape") {
          this._close();
        }
      });
    }

    /** The viewer token; setting it reloads. Prefer the property to the attribute: it stays out of the DOM. */
    get token() {
      return this._token || this.getAttribute("token");
    }

    set token(value) {
      this._token = value;
      this.reload();
    }

    connectedCallback() {
      this.reload();
    }

    attributeChangedCallback() {
      if (this.isConnected) {
        this.reload();
      }
    }

    get _base() {
      const server = this.getAttribute("server") || (scriptUrl ? scriptUrl.origin : location.origin);
      const organization = this.getAttribute("organization") || "";
      return server.replace(/\/+$/, "") + "/v1/organizations/" + encodeURIComponent(organization) + "/viewer/events";
    }

    async _get(url) {
      const response = await fetch(url, {
        headers: { Authorization: "Bearer " + this.token, Accept: "application/json" },
        credentials: "omit",
        mode: "cors",
        cache: "no-store",
      });
      let body = null;
      try {
        body = await response.json();
      } catch (e) {
        body = null;
      }
      if (!response.ok) {
        const detail = body && typeof body.detail === "string" ? body.detail : "the audit log answered " + response.status;
        throw new Error(detail);
      }
      return body;
    }

    /** Reads the first page again with the current filters. */
    reload() {
      this._next = null;
      this._body.replaceChildren();
      this._load(true);
    }

    async _load(first) {
      if (!this.token || !this.getAttribute("organization")) {
        this._status.textContent = "No viewer token.";
        return;
      }
      const generation = first ? ++this._generation : this._generation;
      const params = new URLSearchParams();
      for (const [name, value] of new FormData(this._form)) {
        if (value !== "") {
          params.append(name, value);
        }
      }
      params.set("limit", "50");
      if (!first && this._next) {
        params.set("cursor", this._next);
      }
      this._status.className = "empty";
      this._status.textContent = "Loading…";
      try {
        const page = await this._get(this._base + "?" + params);
        if (generation !== this._generation) {
          return;
        }
        for (const event of page.data) {
          this._body.append(this._row(event));
        }
        this._next = page.next_cursor;
        this._more.hidden = !this._next;
        const count = this._body.children.length;
        this._status.textContent = count === 0 ? "No events match these filters." : count + (count === 1 ? " event" : " events") + " shown.";
        this._status.className = count === 0 ? "empty" : "visually-hidden";
      } catch (error) {
        this._status.className = "error";
        this._status.setAttribute("role", "alert");
        this._status.textContent = "Could not read the audit log: " + error.message;
        this._more.hidden = true;
      }
    }

    _row(event) {
      const actor = event.actor || {};
      const target = event.target || null;
      const failed = event.outcome === "failure";
      const row = el("tr", { tabindex: "0", "data-id": event.id, "aria-label": "Open event " + event.action },
        el("td", {}, el("time", { datetime: event.occurred_at }, time(event.occurred_at))),
        el("td", {}, actor.name || actor.email || actor.id || actor.type, el("span", { class: "muted" }, actor.type)),
        el("td", {}, el("code", {}, event.action), event.critical ? el("span", { class: "critical", title: "Security-critical", "aria-label": "Security-critical" }, "!") : null,
          el("span", { class: "muted" }, event.action_label)),
        el("td", {}, target ? (target.name || target.id || target.type) : "—", target ? el("span", { class: "muted" }, target.type) : null),
        el("td", {}, el("span", { class: failed ? "badge fail" : "badge ok" }, failed ? "Failure" : "Success")));
      return row;
    }

    _openFrom(event) {
      const row = event.target.closest("tr[data-id]");
      if (row) {
        this._opener = row;
        this.open(row.getAttribute("data-id"));
      }
    }

    /** Opens the drawer of one event: its fields, raw JSON and proof status. */
    async open(id) {
      const drawer = this._drawer;
      drawer.hidden = false;
      drawer.replaceChildren(el("p", { role: "status" }, "Loading…"));
      drawer.focus();
      try {
        const detail = await this._get(this._base + "/" + encodeURIComponent(id));
        const event = detail.event;
        const actor = event.actor || {};
        const target = event.target || {};
        const context = event.context || {};
        const close = el("button", { type: "button", "aria-label": "Close details" }, "×");
        close.addEventListener("click", () => this._close());
        const fields = el("dl", {});
        const add = (label, value) => {
          if (value !== undefined && value !== null && value !== "") {
            fields.append(el("dt", {}, label), el("dd", {}, String(value)));
          }
        };
        add("Event id", event.id);
        add("Occurred", event.occurred_at);
        add("Received", event.received_at);
        add("Actor type", actor.type);
        add("Actor id", actor.id);
        add("Actor name", actor.name);
        add("Actor email", actor.email);
        add("Resource type", target.type);
        add("Resource id", target.id);
        add("Resource name", target.name);
        add("Outcome", event.outcome);
        add("Workspace", event.workspace);
        add("IP address", context.ip);
        add("User agent", context.user_agent);
        const proof = detail.proof || {};
        const verified = proof.verified === true;
        drawer.replaceChildren(
          el("header", {}, el("h2", { id: "attest-drawer-title" }, el("code", {}, event.action)), close),
          el("p", { class: "muted" }, detail.action_label),
          fields,
          el("div", { class: verified ? "proof ok" : "proof bad", "data-proof": verified ? "verified" : "unverified" },
            el("strong", {}, verified ? "✓ Verified" : "Not verified"),
            el("span", { class: "muted" }, "Seq " + proof.seq),
            el("p", {}, proof.content),
            el("p", {}, proof.status)),
          el("h3", {}, "Raw event"),
          el("pre", {}, JSON.stringify(event, null, 2)));
        close.focus();
      } catch (error) {
        drawer.replaceChildren(el("p", { class: "error", role: "alert" }, "Could not read the event: " + error.message));
      }
    }

    _close() {
      this._drawer.hidden = true;
      this._drawer.replaceChildren();
      if (this._opener && this._opener.isConnected) {
        this._opener.focus();
      }
    }
  }

  customElements.define("attest-log", AttestLog);
})();

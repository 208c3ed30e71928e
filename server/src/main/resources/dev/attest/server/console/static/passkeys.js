// Attest console: passkeys (WebAuthn). A form marked data-passkey="create" or "get" asks its data-options URL for the
// ceremony's options (with the form's CSRF token), lets the browser's authenticator answer, and posts the answer in
// hidden fields to the form's action. Buffers travel as Base64url. No inline script: the CSP forbids it.
(function () {
  "use strict";
  function buffer(b64url) {
    var s = atob(b64url.replace(/-/g, "+").replace(/_/g, "/")), bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return bytes.buffer;
  }
  function b64url(buf) {
    var bytes = new Uint8Array(buf), s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function field(form, name, value) {
    var input = form.querySelector("input[type=hidden][name='" + name + "']");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }
  function fail(form, message) {
    var out = form.querySelector("[data-passkey-error]");
    if (out) { out.textContent = message; out.hidden = false; }
  }
  function options(form) {
    var csrf = form.querySelector("input[name=csrf]");
    return fetch(form.getAttribute("data-options"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "csrf=" + encodeURIComponent(csrf ? csrf.value : "")
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error || "The server refused (" + r.status + ").");
        return body;
      });
    });
  }
  function ceremony(kind, o) {
    o.challenge = buffer(o.challenge);
    if (kind === "create") {
      o.user.id = buffer(o.user.id);
      o.excludeCredentials.forEach(function (c) { c.id = buffer(c.id); });
      return navigator.credentials.create({ publicKey: o });
    }
    o.allowCredentials.forEach(function (c) { c.id = buffer(c.id); });
    return navigator.credentials.get({ publicKey: o });
  }
  document.addEventListener("submit", function (e) {
    var form = e.target.closest && e.target.closest("form[data-passkey]");
    if (!form) return;
    e.preventDefault();
    if (!window.PublicKeyCredential || !navigator.credentials) {
      fail(form, "This browser cannot use passkeys.");
      return;
    }
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    options(form)
      .then(function (o) { return ceremony(form.getAttribute("data-passkey"), o); })
      .then(function (credential) {
        var r = credential.response;
        field(form, "credential_id", b64url(credential.rawId));
        field(form, "client_data", b64url(r.clientDataJSON));
        if (r.attestationObject) field(form, "attestation_object", b64url(r.attestationObject));
        if (r.authenticatorData) {
          field(form, "authenticator_data", b64url(r.authenticatorData));
          field(form, "signature", b64url(r.signature));
          field(form, "user_handle", r.userHandle ? b64url(r.userHandle) : "");
        }
        form.submit();
      })
      .catch(function (err) {
        if (button) button.disabled = false;
        fail(form, err && err.name === "NotAllowedError"
          ? "No passkey was used (cancelled, timed out, or none for this site)."
          : (err && err.message) || "The passkey did not answer.");
      });
  });
})();

// The LIFF page (templates/web/liff.html): LIFF SDK from npm (@line/liff, pluggable core
// with only the modules used), bundled by `make liff` into bot/web/static/liff.js.
// The page posts the ID token to the server, which has LINE verify it; it never trusts
// what the token says by itself.
import liff from "@line/liff/core";
import GetIDToken from "@line/liff/get-id-token";
import IsLoggedIn from "@line/liff/is-logged-in";
import Login from "@line/liff/login";

liff.use(new IsLoggedIn());
liff.use(new Login());
liff.use(new GetIDToken());

function failed() {
  document.getElementById("opening").hidden = true;
  document.getElementById("liff-failed").hidden = false;
}

async function open() {
  const form = document.getElementById("liff-form");
  await liff.init({ liffId: form.dataset.liffId });
  if (!liff.isLoggedIn()) {
    liff.login({ redirectUri: window.location.href });
    return;
  }
  const idToken = liff.getIDToken();
  if (!idToken) {
    failed();
    return;
  }
  form.elements.id_token.value = idToken;
  // After init, the address is the LIFF URL's path under the endpoint (/web/liff/a/12).
  form.elements.to.value = window.location.pathname.replace(/^\/web\/liff\/?/, "");
  form.submit();
}

open().catch(failed);

/**
 * The web app host (`TIX_APP_BASE`): `/login` and `/home` behaving like app.tix.id's Flutter web
 * app's login page as TIX.id shows it.
 *
 * `/login` is blank white for `loginDelayMs` (Flutter booting), calls `POST /v1/auth` for a guest
 * token like the real app, then shows: a header row with a back chevron and "Login" (a button
 * that leaves for /home), "PHONE NUMBER" with a fixed `+62` prefix and the placeholder
 * `Type your phone number`, "PASSWORD" with `Type Password` and an eye icon, a full-width
 * "Login" button (the LAST control named Login, disabled until both fields are filled), and the
 * "Reset password" and "Register here" links. On success it stores both tokens in localStorage
 * JSON-encoded (`authentication_token`, `authentication_refresh_token`) and goes to /home; a wrong
 * phone or password shows an error and stores nothing. The login call itself (never captured on
 * the real service) is our own `POST /__app/login` on this host.
 */

export interface AppPageOptions {
  apiBase: string;
  loginDelayMs: number;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;background:#f2f2f2;font-family:Nunito,Helvetica,Arial,sans-serif;color:#1a2c50}
.frame{max-width:376px;min-height:100vh;margin:0 auto;background:#fff}
.brand{height:50px;display:flex;align-items:center;justify-content:center;border-bottom:1px solid #eee;font-weight:900;font-size:22px;letter-spacing:1px}
.brand b{color:#f6b500}
.nav{display:flex;align-items:center;padding:18px 20px}
.back{display:flex;align-items:center;gap:8px;border:0;background:none;font:inherit;font-size:16px;font-weight:600;color:#1a2c50;cursor:pointer;padding:0}
form{padding:20px}
label{display:block;font-size:14px;color:#333;margin-top:24px;letter-spacing:.3px}
.field{display:flex;align-items:center;border-bottom:1px solid #999;padding:10px 0}
.field input{flex:1;border:0;outline:0;font-size:16px;font-family:inherit}
.prefix{font-size:16px;margin-right:10px}.sep{color:#ccc;margin-right:10px}
.eye{border:0;background:none;cursor:pointer;padding:0}
.small{font-size:12px;margin-top:16px}.small a{color:#1a2c50;font-weight:700;text-decoration:none;margin-left:6px}
.submit{width:100%;height:50px;margin-top:30px;border:0;border-radius:4px;background:#1a2c50;color:#fff;font-size:16px;font-weight:700;font-family:inherit}
.submit:disabled{background:#e4e4e4;color:#999}
.register{text-align:center;font-size:12px;margin-top:18px}.register a{color:#118eea;font-weight:700;margin-left:6px;text-decoration:none}
.error{color:#d0021b;font-size:13px;margin-top:16px}
.banner{background:#1a6fd1;color:#fff;padding:12px 16px;display:flex;justify-content:space-between;align-items:center;font-size:13px}
.banner a{background:#fff;color:#1a6fd1;border-radius:12px;padding:4px 10px;font-weight:700;text-decoration:none}
.city{padding:14px 20px;border-bottom:1px solid #eee}.section{padding:16px 20px;font-weight:800;font-size:18px}
.movie{padding:8px 20px;font-weight:700}
`;

const CHEVRON =
  '<svg width="10" height="16" viewBox="0 0 10 16" aria-hidden="true"><path d="M8 1 2 8l6 7" stroke="#1a2c50" stroke-width="2" fill="none"/></svg>';
const EYE_OFF =
  '<svg width="22" height="18" viewBox="0 0 22 18" aria-hidden="true"><path d="M1 9s4-7 10-7 10 7 10 7-4 7-10 7S1 9 1 9Z" stroke="#333" stroke-width="2" fill="none"/><circle cx="11" cy="9" r="3" fill="#333"/><path d="M3 1l16 16" stroke="#333" stroke-width="2"/></svg>';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login page. Its script renders nothing until `loginDelayMs` has passed. */
export function loginPage(o: AppPageOptions): string {
  const cfg = JSON.stringify({ apiBase: o.apiBase, delayMs: o.loginDelayMs });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>TIX ID</title><style>${STYLE}</style></head>
<body><div id="app"></div>
<script>
(function () {
  var cfg = ${cfg.replace(/</g, '\\u003c')};
  fetch(cfg.apiBase + '/v1/auth', { method: 'POST', headers: { platform: 'web', lang: 'en', app_version: '1.0.0',
    session_id: 'null', device_id: 'null', 'content-type': 'application/json' }, body: JSON.stringify({ client_id: 'tixid_guest' }) })
    .catch(function () {});
  function render() {
    var app = document.getElementById('app');
    app.innerHTML = '<div class="frame">' +
      '<div class="brand">TI<b>X</b>&nbsp;ID</div>' +
      '<div class="nav"><button type="button" class="back" id="back">${CHEVRON.replace(/'/g, "\\'")}<span>Login</span></button></div>' +
      '<form id="login" novalidate>' +
      '<label for="phone">PHONE NUMBER</label>' +
      '<div class="field"><span class="prefix">+62</span><span class="sep">|</span>' +
      '<input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel-national" placeholder="Type your phone number"></div>' +
      '<label for="password">PASSWORD</label>' +
      '<div class="field"><input id="password" name="password" type="password" autocomplete="current-password" placeholder="Type Password">' +
      '<button type="button" class="eye" id="eye" aria-label="Show password">${EYE_OFF.replace(/'/g, "\\'")}</button></div>' +
      '<div class="small">Forgot password?<a href="/reset-password">Reset password</a></div>' +
      '<div class="error" id="error" role="alert" hidden></div>' +
      '<button type="submit" class="submit" id="submit" disabled>Login</button>' +
      '<div class="register">Don\\'t have an account?<a href="/register">Register here</a></div>' +
      '</form></div>';
    var phone = document.getElementById('phone'), pw = document.getElementById('password');
    var submit = document.getElementById('submit'), error = document.getElementById('error');
    var busy = false;
    function update() { submit.disabled = busy || phone.value.trim() === '' || pw.value === ''; }
    phone.addEventListener('input', update); pw.addEventListener('input', update);
    document.getElementById('back').addEventListener('click', function () { location.href = '/home'; });
    document.getElementById('eye').addEventListener('click', function () { pw.type = pw.type === 'password' ? 'text' : 'password'; });
    document.getElementById('login').addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (submit.disabled) return;
      busy = true; update(); error.hidden = true;
      fetch('/__app/login', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ country_code: '62', phone: phone.value, password: pw.value }) })
        .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
        .then(function (res) {
          if (res.status === 200 && res.body && res.body.success) {
            localStorage.setItem('authentication_token', JSON.stringify(res.body.data.token));
            localStorage.setItem('authentication_refresh_token', JSON.stringify(res.body.data.refresh_token));
            setTimeout(function () { location.replace('/home'); }, 400);
          } else {
            busy = false; update();
            error.textContent = (res.body && res.body.error && res.body.error.message) || 'Login failed';
            error.hidden = false;
          }
        })
        .catch(function () { busy = false; update(); error.textContent = 'Connection problem, please try again'; error.hidden = false; });
    });
  }
  setTimeout(render, cfg.delayMs);
})();
</script></body></html>`;
}

/** The home page: logged in (tokens in localStorage) or the logged-out banner. */
export function homePage(city: string, titles: string[]): string {
  const movies = titles.map((t) => `<div class="movie">${esc(t)}</div>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>TIX ID</title><style>${STYLE}</style></head>
<body><div class="frame"><div class="brand">TI<b>X</b>&nbsp;ID</div>
<div class="banner" id="banner" hidden>Enjoy the best TIX ID experience!<a href="/login">LOGIN / REGISTER</a></div>
<div class="city">${esc(city)}</div><div class="section">Now Showing</div>${movies}
<div class="section" id="profile" hidden>Profile</div></div>
<script>
  var loggedIn = !!localStorage.getItem('authentication_token');
  document.getElementById(loggedIn ? 'profile' : 'banner').hidden = false;
</script></body></html>`;
}

/** National part of a phone number: digits only, without a leading `+62`/`62` country code or `0`. */
export function nationalNumber(configured: string): string {
  const d = configured.replace(/\D/g, '');
  return d.startsWith('62') ? d.slice(2) : d.replace(/^0/, '');
}

/** Whether what was typed after the fixed `+62` matches the account (a typed leading 0 is tolerated, a typed 62 is not). */
export function typedPhoneMatches(typed: string, configured: string): boolean {
  const d = typed.replace(/\D/g, '').replace(/^0/, '');
  return d !== '' && d === nationalNumber(configured);
}

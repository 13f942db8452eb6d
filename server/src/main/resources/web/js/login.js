// The login form: a real form with labels, submitted by Enter or the button.

import { reporting } from './dom.js';

export function showLogin(rest, onLoggedIn) {
  const screen = document.getElementById('login-screen');
  const form = document.getElementById('login-form');
  screen.hidden = false;
  form.onsubmit = (e) => {
    e.preventDefault();
    reporting(async () => {
      await rest.login(form.user.value.trim(), form.password.value);
      form.reset();
      screen.hidden = true;
      onLoggedIn();
    });
  };
  form.user.focus();
}

// Material's page-state helpers (partials/javascripts/base.html of mkdocs-material, same behaviour),
// in a file so that the site's Content-Security-Policy allows scripts from the site only. The scope
// is the site's root: this file lives in <root>/assets/.
var __md_scope = new URL("..", document.currentScript.src),
  __md_hash = (text) => [...text].reduce((hash, c) => (hash << 5) - hash + c.charCodeAt(0), 0),
  __md_get = (key, storage = localStorage, scope = __md_scope) => JSON.parse(storage.getItem(scope.pathname + "." + key)),
  __md_set = (key, value, storage = localStorage, scope = __md_scope) => {
    try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (e) {}
  };

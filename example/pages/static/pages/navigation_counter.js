// A head script of the live navigation demo: a tab runs it once, however often it comes back.
window.navigationScriptRuns = (window.navigationScriptRuns || 0) + 1;

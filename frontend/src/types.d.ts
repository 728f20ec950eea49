// Ambient declarations for the type check (tsc --checkJs); not part of the bundle.

declare const __LIVEVIEW_VERSION__: string | undefined;

interface Element {
  /** Set by user scripts; called before the element's content is replaced or it is removed. */
  __cleanup?: () => void;
}

interface HTMLScriptElement {
  /** Element a server script runs against (`el` and `this`), read through document.currentScript. */
  __liveviewEl?: Element | null;
  /** Set by the wrapper as soon as the script starts: proves it was neither blocked nor unparsable. */
  __liveviewRan?: boolean;
  /** What the server script threw, if anything. */
  __liveviewError?: unknown;
}

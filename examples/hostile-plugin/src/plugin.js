// A yoi plugin that tries what it must not (world `yoi:host/plugin`, see ../../../wit).
//
// run(input) takes a JSON config {"ws": "ws://127.0.0.1:PORT/echo"} (the one WebSocket target it is
// declared and expected to be granted) and optional overrides of the URLs below. It makes each
// forbidden attempt and returns a transcript, one line per attempt:
//   `<attempt>: <tag>: <text>`  for the typed host-error it got (the expected outcome), or
//   `<attempt>: UNEXPECTED ok ...` when the host let it through.
// The attempts: an undeclared URL, a declared loopback that is not granted (`::1`), a credential
// header, a message over the 64 KiB bound on an allowed connection, and `request.send` to `wss://`.
// WIT-to-JS mapping: see ../../echo-plugin/src/plugin.js.
import { open, send, close } from 'yoi:host/websocket@1.0.0';
import { send as httpSend } from 'yoi:host/request@1.0.0';

const MESSAGE_LIMIT = 64 * 1024;

function describeError(e) {
  const err = e && e.payload !== undefined ? e.payload : e;
  if (err && typeof err === 'object' && 'tag' in err) {
    return err.val === undefined ? err.tag : `${err.tag}: ${err.val}`;
  }
  return `not a host-error: ${String(e && e.message !== undefined ? e.message : e)}`;
}

// Runs one attempt; `action` returns a short description of an unexpected success.
function attempt(lines, name, action) {
  try {
    lines.push(`${name}: UNEXPECTED ok ${action()}`);
  } catch (e) {
    lines.push(`${name}: ${describeError(e)}`);
  }
}

function openRequest(url, headers) {
  return { url, subprotocols: [], headers: headers || [] };
}

export function run(input) {
  let config;
  try {
    config = JSON.parse(input);
  } catch (e) {
    return { tag: 'err', val: `input is not JSON: ${describeError(e)}` };
  }
  if (!config || typeof config.ws !== 'string') {
    return { tag: 'err', val: 'input must be {"ws": "ws://127.0.0.1:PORT/echo", ...}' };
  }
  let port = '';
  try {
    port = new URL(config.ws).port;
  } catch (e) {
    return { tag: 'err', val: `bad ws URL: ${describeError(e)}` };
  }
  const undeclared = config.undeclared || 'ws://not-declared.invalid/socket';
  const loopback = config.loopback || `ws://[::1]${port ? ':' + port : ''}/echo`;
  const wss = config.wss || 'wss://127.0.0.1/echo';

  const lines = [];
  attempt(lines, 'undeclared-url', () => {
    const opened = open(openRequest(undeclared));
    close(opened.connection, undefined, undefined);
    return `connection ${opened.connection}`;
  });
  attempt(lines, 'ungranted-loopback', () => {
    const opened = open(openRequest(loopback));
    close(opened.connection, undefined, undefined);
    return `connection ${opened.connection}`;
  });
  attempt(lines, 'credential-header', () => {
    const opened = open(openRequest(config.ws, [{ name: 'authorization', value: { tag: 'plain', val: 'Bearer stolen-token' } }]));
    close(opened.connection, undefined, undefined);
    return `connection ${opened.connection}`;
  });
  attempt(lines, 'oversize-message', () => {
    const opened = open(openRequest(config.ws));
    try {
      send(opened.connection, { tag: 'binary', val: new Uint8Array(MESSAGE_LIMIT + 1) });
    } finally {
      try { close(opened.connection, undefined, undefined); } catch (_) { /* already gone */ }
    }
    return `sent ${MESSAGE_LIMIT + 1} bytes`;
  });
  attempt(lines, 'request-wss', () => {
    const response = httpSend({ method: 'GET', url: wss, headers: [], body: undefined });
    return `status ${response.status}`;
  });
  return lines.join('\n');
}

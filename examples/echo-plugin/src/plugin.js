// The sample yoi plugin: world `yoi:host/plugin` (see ../../../wit).
//
// run(input) takes a JSON config {"ws": "ws://host:port/echo...", "http": "http://host:port/hello..."},
// exchanges a text and a binary message with the WebSocket peer, closes, makes one HTTP GET, and
// returns a transcript, one line per step. Any failure returns err(text) instead.
//
// With {"ws": ..., "loop": {"count": N, "size": S, "binary": true|false}} it runs an echo loop
// instead (for the throughput benchmark): open, N round trips of one S-byte message (each echo's
// kind and length checked), close; ok: "echo loop: N x S bytes binary|text". "http" is not needed.
//
// With {"secrets": {"ws": "ws://host:port/gateway", "http": "http://host:port/hello/secure",
// "elsewhere": "http://host:port/hello"}} it uses the secret `echo-token`, which it never holds: an
// identify-style text message with the secret inside (send-with-secrets), a GET with the secret as
// its Authorization header, then two attempts the host must refuse (the secret to a URL it is not
// granted for, and a credential header with a plain value). The transcript shows everything the
// plugin observed; a secret appears in it only as <secret:echo-token>, written by the plugin itself.
//
// How componentize-js maps the WIT (read from its generated bindings):
// - an imported function returning result<T, E> returns T, or throws a ComponentError whose
//   `payload` is E; host-error and the other variants are `{ tag: 'kebab-name', val }`
//   (`val` is undefined for a case without payload);
// - option<T> is T or undefined; list<u8> is a Uint8Array; tuple<a, b> is [a, b];
// - records are plain objects with camelCase field names (`timeout-ms` would be `timeoutMs`);
// - the export `run` returns the ok string; returning `{ tag: 'err', val }` (or throwing a value
//   that is not an Error) gives err. A thrown Error would trap the guest, so nothing is thrown out.
import { open, send, sendWithSecrets, recv, close } from 'yoi:host/websocket@1.0.0';
import { send as httpSend } from 'yoi:host/request@1.0.0';

const RECV_TIMEOUT_MS = 5000;

function describeError(e) {
  const err = e && e.payload !== undefined ? e.payload : e;
  if (err && typeof err === 'object' && 'tag' in err) {
    return err.val === undefined ? err.tag : `${err.tag}: ${err.val}`;
  }
  return String(e && e.message !== undefined ? e.message : e);
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function describeIncoming(incoming) {
  if (incoming === undefined) return 'nothing (timed out)';
  if (incoming.tag === 'closed') return `closed ${incoming.val.code} "${incoming.val.reason}"`;
  const message = incoming.val;
  if (message.tag === 'text') return `text "${message.val}"`;
  return `binary [${hex(message.val)}]`;
}

function exchange(config, lines) {
  let step = 'open';
  try {
    const opened = open({ url: config.ws, subprotocols: [], headers: [] });
    const connection = opened.connection;
    lines.push(`ws open ${config.ws} -> connection ${connection}` +
      (opened.subprotocol !== undefined ? ` (subprotocol ${opened.subprotocol})` : ''));

    step = 'send text';
    send(connection, { tag: 'text', val: 'hello from js' });
    lines.push('ws send text "hello from js"');
    step = 'recv text';
    lines.push(`ws recv ${describeIncoming(recv(connection, RECV_TIMEOUT_MS))}`);

    step = 'send binary';
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    send(connection, { tag: 'binary', val: bytes });
    lines.push(`ws send binary [${hex(bytes)}]`);
    step = 'recv binary';
    lines.push(`ws recv ${describeIncoming(recv(connection, RECV_TIMEOUT_MS))}`);

    step = 'close';
    close(connection, 1000, 'done');
    lines.push('ws close 1000 "done"');
  } catch (e) {
    throw `websocket ${step} failed: ${describeError(e)}`;
  }

  try {
    const response = httpSend({
      method: 'GET',
      url: config.http,
      headers: [{ name: 'accept', value: { tag: 'plain', val: 'text/plain' } }],
      body: undefined,
    });
    const text = new TextDecoder().decode(response.body);
    lines.push(`http GET ${config.http} -> ${response.status} "${text}"` +
      (response.truncated ? ' (truncated)' : ''));
  } catch (e) {
    throw `http GET failed: ${describeError(e)}`;
  }
}

const TOKEN = { tag: 'secret', val: 'echo-token' };

// A text-part or header-value list as the plugin may see it: a secret as <secret:NAME>.
function render(parts) {
  return parts.map((part) => (part.tag === 'secret' ? `<secret:${part.val}>` : part.val)).join('');
}

function secretsExchange(config, lines) {
  const { ws, http, elsewhere } = config.secrets;
  let step = 'open';
  try {
    const connection = open({ url: ws, subprotocols: [], headers: [] }).connection;
    lines.push(`ws open ${ws} -> connection ${connection}`);
    step = 'send-with-secrets';
    const identify = [
      { tag: 'plain', val: '{"op":2,"d":{"token":"' },
      TOKEN,
      { tag: 'plain', val: '"}}' },
    ];
    sendWithSecrets(connection, identify);
    lines.push(`ws send-with-secrets ${render(identify)}`);
    step = 'recv';
    lines.push(`ws recv ${describeIncoming(recv(connection, RECV_TIMEOUT_MS))}`);
    step = 'close';
    close(connection, 1000, 'done');
    lines.push('ws close 1000 "done"');

    step = 'http GET';
    const response = httpSend({ method: 'GET', url: http, headers: [{ name: 'authorization', value: TOKEN }], body: undefined });
    lines.push(`http GET ${http} authorization=${render([TOKEN])} -> ${response.status} "${new TextDecoder().decode(response.body)}"`);
  } catch (e) {
    throw `secrets ${step} failed: ${describeError(e)}`;
  }

  for (const [name, request] of [
    ['secret elsewhere', { method: 'GET', url: elsewhere, headers: [{ name: 'authorization', value: TOKEN }], body: undefined }],
    ['plain credential', { method: 'GET', url: http, headers: [{ name: 'authorization', value: { tag: 'plain', val: 'Bearer guessed' } }], body: undefined }],
  ]) {
    try {
      const response = httpSend(request);
      lines.push(`${name}: UNEXPECTED ${response.status}`);
    } catch (e) {
      lines.push(`${name}: ${describeError(e)}`);
    }
  }
}

function echoLoop(config) {
  const { count, size } = config.loop;
  const binary = config.loop.binary !== false;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(size) || size < 0) {
    throw 'loop must be {"count": N, "size": S, "binary": true|false}';
  }
  let step = 'open';
  try {
    const connection = open({ url: config.ws, subprotocols: [], headers: [] }).connection;
    const message = binary
      ? { tag: 'binary', val: new Uint8Array(size).fill(0x61) }
      : { tag: 'text', val: 'a'.repeat(size) };
    const kind = message.tag;
    for (let i = 0; i < count; i++) {
      step = `send ${i}`;
      send(connection, message);
      step = `recv ${i}`;
      const incoming = recv(connection, RECV_TIMEOUT_MS);
      if (incoming === undefined || incoming.tag !== 'message' || incoming.val.tag !== kind ||
          incoming.val.val.length !== size) {
        throw `echo loop: round trip ${i} got ${describeIncoming(incoming).slice(0, 80)}`;
      }
    }
    step = 'close';
    close(connection, 1000, 'done');
  } catch (e) {
    throw typeof e === 'string' ? e : `echo loop ${step} failed: ${describeError(e)}`;
  }
  return `echo loop: ${count} x ${size} bytes ${binary ? 'binary' : 'text'}`;
}

export function run(input) {
  let config;
  try {
    config = JSON.parse(input);
  } catch (e) {
    return { tag: 'err', val: `input is not JSON: ${describeError(e)}` };
  }
  if (config && typeof config.ws === 'string' && config.loop && typeof config.loop === 'object') {
    try {
      return echoLoop(config);
    } catch (e) {
      return { tag: 'err', val: typeof e === 'string' ? e : describeError(e) };
    }
  }
  if (config && config.secrets && typeof config.secrets === 'object') {
    const lines = [];
    try {
      secretsExchange(config, lines);
    } catch (e) {
      return { tag: 'err', val: typeof e === 'string' ? e : describeError(e) };
    }
    return lines.join('\n');
  }
  if (!config || typeof config.ws !== 'string' || typeof config.http !== 'string') {
    return { tag: 'err', val: 'input must be {"ws": "ws://...", "http": "http://..."}' };
  }
  const lines = [];
  try {
    exchange(config, lines);
  } catch (e) {
    return { tag: 'err', val: typeof e === 'string' ? e : describeError(e) };
  }
  return lines.join('\n');
}

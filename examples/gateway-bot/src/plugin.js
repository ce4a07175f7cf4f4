// gateway-bot: a yoi service (world `yoi:host/service`, see ../../../wit) that keeps a Discord
// gateway v10 session alive and answers "!ping" with "pong" over the REST API.
//
// The host drives it: start(config) once, then handle(event) for every ready connection or fired
// timer, invoke(request) for the host application, status() on demand, stop() last. Nothing runs
// between calls, so every wait is a host timer and every read is recv(connection, 0) on a
// connection the host said is readable. Each call is bounded to 1 s of wall-clock time.
//
// The bot never holds the Discord token: Identify and Resume are sent with send-with-secrets (the
// token is the secret part `discord-token`) and REST calls carry it as a secret header value.
//
// Gateway behaviour follows Discord's public gateway documentation (v10):
// - Hello (op 10) gives heartbeat_interval; the first Heartbeat (op 1) goes after interval × jitter
//   (jitter in [0, 1)), then one every interval, each carrying the last sequence number or null.
// - A Heartbeat ACK (op 11) must arrive before the next heartbeat is due; otherwise the connection
//   is a zombie: close it with a code other than 1000/1001 (those end the session) and resume.
// - A Heartbeat (op 1) from the gateway asks for a heartbeat at once.
// - Reconnect (op 7): close (non-1000) and resume on resume_gateway_url from READY.
// - Invalid Session (op 9): d true: resume; d false: wait 1-5 s and identify on a fresh connection.
// - Close codes: 4004, 4010-4014 must not be retried; 4007 and 4009 need a new session; the rest
//   (and plain drops) may resume.
//
// How componentize-js 0.23 maps the service world (read from its generated bindings):
// - exports are plain functions; handle's event is `{ tag: 'readable' | 'timer-fired', val: u32 }`
//   or `{ tag: 'stopping' }`; status returns `{ health: 'healthy' | 'degraded' | 'unhealthy', detail }`;
// - for result<_, string> / result<string, string> exports, returning a value is ok and returning
//   `{ tag: 'err', val }` is err; a thrown Error traps the instance, so every export catches;
//   a u64 (timers.now) is a BigInt;
// - imported functions return their ok value or throw a ComponentError whose `payload` is the
//   host-error variant `{ tag, val }`; option<T> is T or undefined.
import { open, send, sendWithSecrets, recv, close } from 'yoi:host/websocket@1.0.0';
import { send as httpSend } from 'yoi:host/request@1.0.0';
import { set as setTimer, cancel as cancelTimer, now as timersNow } from 'yoi:host/timers@1.0.0';

// ---- constants ----------------------------------------------------------------------------------

const SECRET = 'discord-token';
const TOKEN_PART = { tag: 'secret', val: SECRET };
const TOKEN_HEADER = { tag: 'secret', val: SECRET };

const OP = { DISPATCH: 0, HEARTBEAT: 1, IDENTIFY: 2, RESUME: 6, RECONNECT: 7, INVALID_SESSION: 9, HELLO: 10, HEARTBEAT_ACK: 11 };

// Close codes after which Discord says not to reconnect: the token, shard, version or intents are
// wrong, and another attempt would fail the same way (and count against the identify limit).
const FATAL_CLOSE_CODES = new Map([
  [4004, 'authentication failed'],
  [4010, 'invalid shard'],
  [4011, 'sharding required'],
  [4012, 'invalid API version'],
  [4013, 'invalid intents'],
  [4014, 'disallowed intents'],
]);
// Close codes after which the session is gone: reconnect, but identify instead of resuming.
const NEW_SESSION_CLOSE_CODES = new Map([
  [4007, 'invalid seq'],
  [4009, 'session timed out'],
]);

// The code the bot closes with when it means to resume: 1000 and 1001 would end the session.
const CLOSE_TO_RESUME = 4000;
// The code it closes with when it stops: 1000 ends the session, which is what stopping means.
const CLOSE_TO_END = 1000;

// At most this many items are taken per handle call, so one busy connection cannot use up the
// call's 1 s; the host queues the connection again while it still holds items.
const MAX_ITEMS_PER_CALL = 64;

// The host's timer bounds (wit/timers.wit).
const MIN_TIMER_MS = 10;
const MAX_TIMER_MS = 3600000;

// Discord's documented wait before identifying again after Invalid Session with d = false.
const INVALID_SESSION_MIN_MS = 1000;
const INVALID_SESSION_SPREAD_MS = 4000;

const DEFAULTS = {
  prefix: '!ping',
  helloTimeoutMs: 10000,
  backoff: { initialMs: 1000, maxMs: 60000, maxAttempts: 10 },
};

// ---- state --------------------------------------------------------------------------------------

// phase: idle → connecting (opened, waiting for Hello) → identifying | resuming → ready;
// any loss → waiting (a reconnect timer is pending) → connecting ...; failed (gave up) and
// stopped are final.
const bot = {
  config: null,
  random: null,
  phase: 'idle',
  conn: null, // { handle, mode: 'identify' | 'resume', interval, awaitingAck, ackWaitSince }
  session: { id: null, resumeUrl: null, seq: null },
  nextMode: 'identify', // what the pending reconnect will do
  attempts: 0, // reconnects since the connection last proved stable
  timers: new Map(), // timer handle -> purpose ('heartbeat' | 'hello' | 'reconnect')
  counts: {
    heartbeatsSent: 0, heartbeatsAcked: 0, reconnects: 0, resumes: 0, identifies: 0,
    pongs: 0, restFailures: 0, ignored: 0,
  },
  ackLatencyMs: null, // the last heartbeat's round trip, on the host's monotonic clock
  lastClose: null,
  lastError: null,
  failure: null,
};

// ---- small helpers ------------------------------------------------------------------------------

function describeError(e) {
  const err = e && e.payload !== undefined ? e.payload : e;
  if (err && typeof err === 'object' && 'tag' in err) {
    return err.val === undefined ? err.tag : `${err.tag}: ${err.val}`;
  }
  return String(e && e.message !== undefined ? e.message : e);
}

function errorTag(e) {
  return e && e.payload && typeof e.payload === 'object' ? e.payload.tag : undefined;
}

const plain = (text) => ({ tag: 'plain', val: text });

// Milliseconds on the host's monotonic clock (timers.now); the component's own clocks are disabled.
const nowMs = () => Number(timersNow());

// A deterministic generator in [0, 1) (xorshift32): random is disabled in the component, and a
// seed per instance keeps bots started together from heartbeating and reconnecting in step.
function seededRandom(seed) {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 0x6d2b79f5;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

function clampDelay(ms) {
  return Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, Math.round(ms)));
}

// ---- configuration ------------------------------------------------------------------------------

const isInteger = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;

function checkKeys(object, allowed, where) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw `${where}${key}: unknown setting (expected one of ${allowed.join(', ')})`;
  }
}

// Returns the configuration or throws text naming the bad field.
function parseConfig(text) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw `config is not JSON: ${describeError(e)}`;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw 'config must be a JSON object';
  checkKeys(raw, ['gateway', 'rest', 'intents', 'seed', 'prefix', 'helloTimeoutMs', 'backoff'], 'config.');

  const config = { ...DEFAULTS, backoff: { ...DEFAULTS.backoff } };
  if (typeof raw.gateway !== 'string' || !/^wss?:\/\/[^/?#]+/.test(raw.gateway)) {
    throw 'config.gateway: must be a ws:// or wss:// URL';
  }
  config.gateway = raw.gateway;
  if (typeof raw.rest !== 'string' || !/^https?:\/\/[^/?#]+/.test(raw.rest) || /[?#]/.test(raw.rest)) {
    throw 'config.rest: must be an http:// or https:// base URL without query, e.g. https://discord.com/api/v10';
  }
  config.rest = raw.rest.replace(/\/+$/, '');
  if (!isInteger(raw.intents, 0, Number.MAX_SAFE_INTEGER)) throw 'config.intents: must be a non-negative integer (a gateway intents bit set)';
  config.intents = raw.intents;
  if (!isInteger(raw.seed, 0, 4294967295)) throw 'config.seed: must be an integer 0..4294967295 (jitter seed; give each instance its own)';
  config.seed = raw.seed;
  if (raw.prefix !== undefined) {
    if (typeof raw.prefix !== 'string' || raw.prefix.length === 0 || raw.prefix.length > 100) throw 'config.prefix: must be a string of 1..100 characters';
    config.prefix = raw.prefix;
  }
  if (raw.helloTimeoutMs !== undefined) {
    if (!isInteger(raw.helloTimeoutMs, MIN_TIMER_MS, MAX_TIMER_MS)) throw `config.helloTimeoutMs: must be an integer ${MIN_TIMER_MS}..${MAX_TIMER_MS}`;
    config.helloTimeoutMs = raw.helloTimeoutMs;
  }
  if (raw.backoff !== undefined) {
    const b = raw.backoff;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw 'config.backoff: must be an object {initialMs, maxMs, maxAttempts}';
    checkKeys(b, ['initialMs', 'maxMs', 'maxAttempts'], 'config.backoff.');
    if (b.initialMs !== undefined) {
      if (!isInteger(b.initialMs, MIN_TIMER_MS, MAX_TIMER_MS)) throw `config.backoff.initialMs: must be an integer ${MIN_TIMER_MS}..${MAX_TIMER_MS}`;
      config.backoff.initialMs = b.initialMs;
    }
    if (b.maxMs !== undefined) {
      if (!isInteger(b.maxMs, MIN_TIMER_MS, MAX_TIMER_MS)) throw `config.backoff.maxMs: must be an integer ${MIN_TIMER_MS}..${MAX_TIMER_MS}`;
      config.backoff.maxMs = b.maxMs;
    }
    if (config.backoff.maxMs < config.backoff.initialMs) throw 'config.backoff.maxMs: must not be less than initialMs';
    if (b.maxAttempts !== undefined) {
      if (!isInteger(b.maxAttempts, 1, 1000)) throw 'config.backoff.maxAttempts: must be an integer 1..1000';
      config.backoff.maxAttempts = b.maxAttempts;
    }
  }
  return config;
}

// The gateway URL with the version and encoding this bot speaks; any query the URL had is
// replaced, since those two parameters are what the query is for.
function gatewayUrl(base) {
  const bare = base.replace(/[?#].*$/, '');
  const withPath = /^wss?:\/\/[^/]+$/.test(bare) ? `${bare}/` : bare;
  return `${withPath}?v=10&encoding=json`;
}

// ---- timers -------------------------------------------------------------------------------------

// One timer per purpose: setting one replaces the pending one.
function schedule(purpose, delayMs) {
  unschedule(purpose);
  const timer = setTimer(clampDelay(delayMs));
  bot.timers.set(timer, purpose);
}

function unschedule(purpose) {
  for (const [timer, p] of bot.timers) {
    if (p === purpose) {
      bot.timers.delete(timer);
      try { cancelTimer(timer); } catch { /* already fired and queued: the host drops it */ }
    }
  }
}

function unscheduleAll() {
  for (const purpose of new Set(bot.timers.values())) unschedule(purpose);
}

// ---- sending ------------------------------------------------------------------------------------

// A send failure means the connection is no use; it is replaced (resuming if it can).
function sendJson(payload) {
  try {
    send(bot.conn.handle, { tag: 'text', val: JSON.stringify(payload) });
    return true;
  } catch (e) {
    connectionLost(`send op ${payload.op} failed: ${describeError(e)}`);
    return false;
  }
}

// `{"op":N,"d":{"token":"<secret>", ...fields}}` as text parts: the host inserts the token as it is,
// and a Discord token needs no JSON escaping.
function tokenPayload(op, fields) {
  const rest = JSON.stringify(fields).slice(1); // '"a":1,...}' without the opening brace
  return [
    plain(`{"op":${op},"d":{"token":"`),
    TOKEN_PART,
    plain(rest === '}' ? '"}}' : `",${rest}}`),
  ];
}

function sendWithToken(op, fields) {
  try {
    sendWithSecrets(bot.conn.handle, tokenPayload(op, fields));
    return true;
  } catch (e) {
    const why = `send op ${op} failed: ${describeError(e)}`;
    // `denied` names a secret the grant does not allow here: no retry can fix that.
    if (errorTag(e) === 'denied') giveUp(why); else connectionLost(why);
    return false;
  }
}

function sendHeartbeat() {
  if (sendJson({ op: OP.HEARTBEAT, d: bot.session.seq })) {
    // The gateway answers heartbeats in order, so the next ACK answers the oldest one not yet
    // acknowledged: the round trip is measured from that one.
    if (!bot.conn.awaitingAck) bot.conn.ackWaitSince = nowMs();
    bot.conn.awaitingAck = true;
    bot.counts.heartbeatsSent += 1;
  }
}

function identify() {
  bot.phase = 'identifying';
  bot.counts.identifies += 1;
  sendWithToken(OP.IDENTIFY, {
    intents: bot.config.intents,
    properties: { os: 'wasm32', browser: 'yoi-gateway-bot', device: 'yoi-gateway-bot' },
  });
}

function resume() {
  bot.phase = 'resuming';
  bot.counts.resumes += 1;
  sendWithToken(OP.RESUME, { session_id: bot.session.id, seq: bot.session.seq });
}

// ---- connection lifecycle -----------------------------------------------------------------------

const canResume = () => bot.session.id !== null && bot.session.resumeUrl !== null && bot.session.seq !== null;

function clearSession() {
  bot.session = { id: null, resumeUrl: null, seq: null };
}

// Opens a connection; a new session goes to the configured gateway, a resume to the session's URL.
function connect(mode) {
  const resuming = mode === 'resume' && canResume();
  const url = gatewayUrl(resuming ? bot.session.resumeUrl : bot.config.gateway);
  let handle;
  try {
    handle = open({ url, subprotocols: [], headers: [] }).connection;
  } catch (e) {
    const why = `open ${url} failed: ${describeError(e)}`;
    const tag = errorTag(e);
    if (tag === 'denied' || tag === 'invalid-argument') {
      // Policy or a malformed URL: retrying the same URL cannot help. A resume URL comes from the
      // server, so fall back to a new session on the configured gateway; that one failing is final.
      if (resuming) {
        clearSession();
        scheduleReconnect('identify', why);
      } else {
        giveUp(why);
      }
    } else {
      scheduleReconnect(mode, why);
    }
    return;
  }
  bot.conn = { handle, mode: resuming ? 'resume' : 'identify', interval: null, awaitingAck: false, ackWaitSince: null };
  bot.phase = 'connecting';
  // Zombie detection starts with Hello; until then, this bounds a server that never speaks.
  schedule('hello', bot.config.helloTimeoutMs);
}

// Releases the current connection (if any) and its timers. `code` undefined: already closed.
function dropConnection(code, reason) {
  unschedule('heartbeat');
  unschedule('hello');
  if (bot.conn && code !== undefined) {
    try { close(bot.conn.handle, code, reason); } catch { /* already gone: nothing to release */ }
  }
  bot.conn = null;
}

// The connection broke or must be replaced while the session may live on: close so as to keep
// the session, and resume later.
function connectionLost(why) {
  dropConnection(CLOSE_TO_RESUME, 'reconnecting');
  scheduleReconnect('resume', why);
}

// Every reconnect goes through here, so the bot alone bounds a reconnect storm: exponential
// backoff with a cap, half of it jittered, and at most maxAttempts tries before a stable connection.
function scheduleReconnect(mode, why, minDelayMs = 0) {
  bot.lastError = why;
  bot.nextMode = mode;
  bot.attempts += 1;
  const { initialMs, maxMs, maxAttempts } = bot.config.backoff;
  if (bot.attempts > maxAttempts) {
    giveUp(`${why}; gave up after ${maxAttempts} reconnect attempts`);
    return;
  }
  const full = Math.min(maxMs, initialMs * 2 ** (bot.attempts - 1));
  const delay = Math.max(full / 2 + bot.random() * (full / 2), minDelayMs);
  bot.phase = 'waiting';
  schedule('reconnect', delay);
}

function giveUp(why) {
  dropConnection(bot.conn ? CLOSE_TO_END : undefined, 'giving up');
  unscheduleAll();
  bot.phase = 'failed';
  bot.failure = why;
}

function shutDown() {
  dropConnection(bot.conn ? CLOSE_TO_END : undefined, 'stopping');
  unscheduleAll();
  if (bot.phase !== 'failed') bot.phase = 'stopped';
}

// ---- gateway events -----------------------------------------------------------------------------

function onHello(d) {
  const interval = d && d.heartbeat_interval;
  if (bot.conn.interval !== null || typeof interval !== 'number' || !(interval > 0)) {
    bot.counts.ignored += 1;
    return;
  }
  unschedule('hello');
  bot.conn.interval = interval;
  schedule('heartbeat', interval * bot.random());
  if (bot.conn.mode === 'resume') resume(); else identify();
}

function onHeartbeatDue() {
  if (!bot.conn || bot.conn.interval === null) return;
  if (bot.conn.awaitingAck) {
    connectionLost('zombie connection: no heartbeat ACK since the last heartbeat');
    return;
  }
  sendHeartbeat();
  if (bot.conn) schedule('heartbeat', bot.conn.interval);
}

function onHeartbeatAck() {
  if (bot.conn.ackWaitSince !== null) {
    bot.ackLatencyMs = nowMs() - bot.conn.ackWaitSince;
    bot.conn.ackWaitSince = null;
  }
  bot.conn.awaitingAck = false;
  bot.counts.heartbeatsAcked += 1;
  // A round trip on a ready session: the connection is stable, so the next loss starts the
  // backoff from the beginning again.
  if (bot.phase === 'ready') bot.attempts = 0;
}

function onInvalidSession(resumable) {
  if (resumable === true) {
    connectionLost('invalid session (resumable)');
    return;
  }
  clearSession();
  dropConnection(CLOSE_TO_RESUME, 'new session');
  scheduleReconnect('identify', 'invalid session',
    INVALID_SESSION_MIN_MS + bot.random() * INVALID_SESSION_SPREAD_MS);
}

function onDispatch(type, d) {
  switch (type) {
    case 'READY':
      if (!d || typeof d.session_id !== 'string') {
        bot.counts.ignored += 1;
        return;
      }
      bot.session.id = d.session_id;
      // Only a WebSocket URL is used; anything else leaves resuming to the configured gateway.
      bot.session.resumeUrl = typeof d.resume_gateway_url === 'string' && /^wss?:\/\/[^/?#]+/.test(d.resume_gateway_url)
        ? d.resume_gateway_url : bot.config.gateway;
      bot.phase = 'ready';
      return;
    case 'RESUMED':
      bot.phase = 'ready';
      return;
    case 'MESSAGE_CREATE':
      maybePong(d);
      return;
    default:
      return; // other events only advance the sequence
  }
}

function onPayload(text) {
  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    bot.counts.ignored += 1;
    return;
  }
  if (!payload || typeof payload !== 'object' || typeof payload.op !== 'number') {
    bot.counts.ignored += 1;
    return;
  }
  if (typeof payload.s === 'number') bot.session.seq = payload.s;
  switch (payload.op) {
    case OP.DISPATCH: onDispatch(payload.t, payload.d); return;
    case OP.HEARTBEAT: sendHeartbeat(); return;
    case OP.RECONNECT: connectionLost('the gateway asked to reconnect'); return;
    case OP.INVALID_SESSION: onInvalidSession(payload.d); return;
    case OP.HELLO: onHello(payload.d); return;
    case OP.HEARTBEAT_ACK: onHeartbeatAck(); return;
    default: bot.counts.ignored += 1;
  }
}

function onClosed(frame) {
  bot.lastClose = `${frame.code}${frame.reason ? ` ${frame.reason}` : ''}`;
  dropConnection(undefined); // recv returned the close: the handle is already released
  const why = `gateway closed ${bot.lastClose}`;
  if (FATAL_CLOSE_CODES.has(frame.code)) {
    giveUp(`${why} (${FATAL_CLOSE_CODES.get(frame.code)}; not retrying)`);
  } else if (NEW_SESSION_CLOSE_CODES.has(frame.code)) {
    clearSession();
    scheduleReconnect('identify', `${why} (${NEW_SESSION_CLOSE_CODES.get(frame.code)})`);
  } else {
    scheduleReconnect('resume', why);
  }
}

// Takes what the connection holds, while it is still the current one (a payload may replace it).
function drain(handle) {
  for (let i = 0; i < MAX_ITEMS_PER_CALL && bot.conn && bot.conn.handle === handle; i++) {
    let item;
    try {
      item = recv(handle, 0);
    } catch (e) {
      connectionLost(`recv failed: ${describeError(e)}`);
      return;
    }
    if (item === undefined) return;
    if (item.tag === 'closed') {
      onClosed(item.val);
      return;
    }
    if (item.val.tag === 'text') onPayload(item.val.val);
    else bot.counts.ignored += 1; // binary means compression, which this bot never asks for
  }
}

// ---- REST ---------------------------------------------------------------------------------------

const isSnowflake = (id) => typeof id === 'string' && /^[0-9]{1,20}$/.test(id);

// POST {rest}/channels/{channel}/messages; returns the status or throws text.
function postMessage(channel, content) {
  const response = (() => {
    try {
      return httpSend({
        method: 'POST',
        url: `${bot.config.rest}/channels/${channel}/messages`,
        headers: [
          { name: 'Authorization', value: TOKEN_HEADER },
          { name: 'Content-Type', value: plain('application/json') },
          { name: 'User-Agent', value: plain('DiscordBot (yoi-gateway-bot, 1.0.0)') },
        ],
        body: new TextEncoder().encode(JSON.stringify({ content })),
      });
    } catch (e) {
      throw `POST failed: ${describeError(e)}`;
    }
  })();
  if (response.status < 200 || response.status > 299) {
    const body = new TextDecoder().decode(response.body).slice(0, 200);
    throw `discord answered ${response.status}${body ? `: ${body}` : ''}`;
  }
  return response.status;
}

function maybePong(d) {
  if (!d || typeof d.content !== 'string' || !d.content.startsWith(bot.config.prefix)) return;
  if (d.author && d.author.bot === true) return; // never answer bots (including this one)
  if (!isSnowflake(d.channel_id)) {
    bot.counts.ignored += 1;
    return;
  }
  try {
    postMessage(d.channel_id, 'pong');
    bot.counts.pongs += 1;
  } catch (e) {
    bot.counts.restFailures += 1;
    bot.lastError = `pong: ${typeof e === 'string' ? e : describeError(e)}`;
  }
}

// ---- reports ------------------------------------------------------------------------------------

function state() {
  return {
    phase: bot.phase,
    connected: bot.conn !== null,
    ready: bot.phase === 'ready',
    session: bot.session.id !== null,
    seq: bot.session.seq,
    heartbeatsSent: bot.counts.heartbeatsSent,
    heartbeatsAcked: bot.counts.heartbeatsAcked,
    awaitingAck: bot.conn !== null && bot.conn.awaitingAck,
    ackLatencyMs: bot.ackLatencyMs,
    reconnects: bot.counts.reconnects,
    resumes: bot.counts.resumes,
    identifies: bot.counts.identifies,
    attempts: bot.attempts,
    pongs: bot.counts.pongs,
    restFailures: bot.counts.restFailures,
    ignored: bot.counts.ignored,
    lastClose: bot.lastClose,
    lastError: bot.lastError,
    failure: bot.failure,
  };
}

function health() {
  if (bot.phase === 'ready') return 'healthy';
  if (bot.phase === 'failed') return 'unhealthy';
  return 'degraded';
}

// The heartbeat part says how long the pending ACK has been awaited, or the last ACK's round trip
// (both on the host's monotonic clock, timers.now).
function detail() {
  const parts = [bot.phase, `seq ${bot.session.seq ?? '-'}`,
    `heartbeats ${bot.counts.heartbeatsAcked}/${bot.counts.heartbeatsSent} acked`];
  if (bot.conn && bot.counts.heartbeatsSent > 0) {
    if (bot.conn.awaitingAck) parts.push(`ack pending for ${nowMs() - bot.conn.ackWaitSince} ms`);
    else parts.push(bot.ackLatencyMs === null ? 'last acked' : `last ack after ${bot.ackLatencyMs} ms`);
  }
  if (bot.phase === 'waiting') parts.push(`reconnect attempt ${bot.attempts}/${bot.config.backoff.maxAttempts}`);
  if (bot.failure) parts.push(bot.failure);
  else if (bot.phase !== 'ready' && bot.lastError) parts.push(bot.lastError);
  return parts.join('; ');
}

// ---- invoke commands ----------------------------------------------------------------------------

function runCommand(text) {
  let command;
  try {
    command = JSON.parse(text);
  } catch (e) {
    throw `request is not JSON: ${describeError(e)}`;
  }
  if (command && typeof command === 'object' && command.state === true && Object.keys(command).length === 1) {
    return JSON.stringify(state());
  }
  if (command && typeof command === 'object' && command.post && Object.keys(command).length === 1) {
    const { channel, content } = command.post;
    if (!isSnowflake(channel)) throw 'post.channel: must be a channel id (a decimal snowflake string)';
    if (typeof content !== 'string' || content.length === 0 || content.length > 2000) throw 'post.content: must be a string of 1..2000 characters';
    return JSON.stringify({ status: postMessage(channel, content) });
  }
  throw 'unknown request; expected {"post": {"channel": "ID", "content": "TEXT"}} or {"state": true}';
}

// ---- exports ------------------------------------------------------------------------------------

// Text for an err: our own messages are strings; anything else is a bug, said as such.
function errText(e) {
  return typeof e === 'string' ? e : `bug: ${describeError(e)}`;
}

export function start(configText) {
  try {
    bot.config = parseConfig(configText);
    bot.random = seededRandom(bot.config.seed);
    connect('identify');
    // Only a refusal of the configured gateway itself fails here; network failures are retried.
    if (bot.phase === 'failed') return { tag: 'err', val: bot.failure };
    return undefined;
  } catch (e) {
    return { tag: 'err', val: errText(e) };
  }
}

export function handle(event) {
  try {
    if (bot.phase === 'stopped' || bot.phase === 'idle') return undefined;
    switch (event.tag) {
      case 'readable':
        // A connection the bot already replaced may still have had an event queued.
        if (bot.conn && bot.conn.handle === event.val) drain(event.val);
        return undefined;
      case 'timer-fired': {
        const purpose = bot.timers.get(event.val);
        bot.timers.delete(event.val);
        if (purpose === 'heartbeat') onHeartbeatDue();
        else if (purpose === 'hello' && bot.conn) connectionLost('no Hello from the gateway in time');
        else if (purpose === 'reconnect') {
          bot.counts.reconnects += 1;
          connect(bot.nextMode);
        }
        return undefined;
      }
      case 'stopping':
        shutDown();
        return undefined;
      default:
        return undefined;
    }
  } catch (e) {
    return { tag: 'err', val: errText(e) };
  }
}

export function invoke(request) {
  try {
    return runCommand(request);
  } catch (e) {
    return { tag: 'err', val: errText(e) };
  }
}

export function status() {
  try {
    return { health: health(), detail: detail() };
  } catch (e) {
    return { health: 'unhealthy', detail: errText(e) };
  }
}

export function stop() {
  try {
    shutDown();
  } catch {
    // stop cannot report; the host closes whatever is left
  }
}

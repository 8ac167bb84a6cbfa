'use client';

import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { fetchFaultSettings, saveFaultSettings, type FaultsApiResult } from '@/lib/browser/faults-api';
import type { FaultSettings, FaultSettingsChange } from '@/lib/shared/faults';

/** What a switch offers when it is turned on from off: plain to see in a trace, and short of the shop's 3 s timeout. */
const SUGGESTED = { latencyMs: 500, jitterMs: 200, errorRate: 0.5, slowQueryMs: 800, orderFailureRate: 0.5 };

/** The form as typed: numbers stay text until they are sent, so a half-typed value is not rewritten under the cursor. */
interface FaultForm {
  latencyOn: boolean;
  latencyMs: string;
  jitterMs: string;
  errorsOn: boolean;
  errorRate: string;
  slowQueryOn: boolean;
  slowQueryMs: string;
  orderFailuresOn: boolean;
  orderFailureRate: string;
}

type PanelState =
  | { kind: 'loading' }
  | { kind: 'refused'; message: string; forbidden: boolean }
  | { kind: 'ready'; settings: FaultSettings; form: FaultForm; saving: boolean; note: Note | undefined };

type Note = { kind: 'saved' } | { kind: 'error'; message: string };

/**
 * The four fault switches, read and applied through /api/faults. The page holds nothing itself: the
 * API applies the access rule, and from another machine the panel asks for the token.
 */
export function FaultsPanel() {
  const [state, setState] = useState<PanelState>({ kind: 'loading' });
  const [token, setToken] = useState('');

  useEffect(() => {
    void fetchFaultSettings().then((result) => setState(stateFrom(result)));
  }, []);

  async function retryWithToken(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ kind: 'loading' });
    setState(stateFrom(await fetchFaultSettings(token)));
  }

  if (state.kind === 'loading') return <p className="panel muted">Reading the fault settings…</p>;
  if (state.kind === 'refused') {
    return (
      <section className="panel error" role="alert">
        <h2>The faults cannot be shown</h2>
        <p>{state.message}</p>
        {state.forbidden && (
          <form className="field" onSubmit={retryWithToken}>
            <label className="field">
              <span>Faults token</span>
              <input type="password" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} />
            </label>
            <button type="submit" disabled={token.trim() === ''}>
              Use the token
            </button>
          </form>
        )}
      </section>
    );
  }

  // Narrowed once, for the handlers below (a closure does not keep the narrowing of `state`).
  const ready = state;
  const { settings, form, saving, note } = ready;
  const edit = (change: Partial<FaultForm>) => setState({ ...ready, form: { ...form, ...change }, note: undefined });

  async function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ ...ready, saving: true, note: undefined });
    const result = await saveFaultSettings(changeFrom(form, settings), token || undefined);
    setState(
      result.ok
        ? { kind: 'ready', settings: result.settings, form: formFrom(result.settings), saving: false, note: { kind: 'saved' } }
        : { ...ready, saving: false, note: { kind: 'error', message: result.message } },
    );
  }

  const userApiMissing = settings.userApi === null;
  return (
    <form className="panel faults" onSubmit={apply} aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults</h2>
      {userApiMissing && (
        <p className="error" role="alert">
          The user API’s faults cannot be switched now: {settings.userApiProblem}
        </p>
      )}
      <FaultSwitch
        label="User API latency"
        on={form.latencyOn}
        disabled={userApiMissing}
        onToggle={(latencyOn) => edit({ latencyOn })}
        explanation="Every user request waits this long, plus up to the jitter; its span “injected latency” shows the wait."
      >
        <NumberField
          label="Delay (ms)"
          value={form.latencyMs}
          max={settings.maxDelayMs}
          onChange={(latencyMs) => edit({ latencyMs })}
        />
        <NumberField
          label="Jitter (ms)"
          value={form.jitterMs}
          max={settings.maxDelayMs}
          onChange={(jitterMs) => edit({ jitterMs })}
        />
      </FaultSwitch>
      <FaultSwitch
        label="User API errors"
        on={form.errorsOn}
        disabled={userApiMissing}
        onToggle={(errorsOn) => edit({ errorsOn })}
        explanation="This share of user lookups fails with 500, so the order fails with 502."
      >
        <NumberField
          label="Share of lookups (0–1)"
          value={form.errorRate}
          max={1}
          step={0.05}
          onChange={(errorRate) => edit({ errorRate })}
        />
      </FaultSwitch>
      <FaultSwitch
        label="Slow user query"
        on={form.slowQueryOn}
        disabled={userApiMissing}
        onToggle={(slowQueryOn) => edit({ slowQueryOn })}
        explanation="The user API’s “SELECT users” query takes this much longer."
      >
        <NumberField
          label="Query wait (ms)"
          value={form.slowQueryMs}
          max={settings.maxDelayMs}
          onChange={(slowQueryMs) => edit({ slowQueryMs })}
        />
      </FaultSwitch>
      <FaultSwitch
        label="Order failures"
        on={form.orderFailuresOn}
        onToggle={(orderFailuresOn) => edit({ orderFailuresOn })}
        explanation="This share of orders fails in the shop with 500 after the user lookup; nothing is written."
      >
        <NumberField
          label="Share of orders (0–1)"
          value={form.orderFailureRate}
          max={1}
          step={0.05}
          onChange={(orderFailureRate) => edit({ orderFailureRate })}
        />
      </FaultSwitch>
      <button type="submit" disabled={saving}>
        {saving ? 'Applying…' : 'Apply'}
      </button>
      {note?.kind === 'saved' && (
        <p role="status" className="muted">
          Applied. Place an order, then find its trace; each fault names itself in the span attribute threadline.fault.injected.
        </p>
      )}
      {note?.kind === 'error' && (
        <p role="alert" className="error">
          Not applied: {note.message}
        </p>
      )}
    </form>
  );
}

function FaultSwitch(props: {
  label: string;
  on: boolean;
  disabled?: boolean;
  onToggle: (on: boolean) => void;
  explanation: string;
  children: ReactNode;
}) {
  return (
    <fieldset className="fault" disabled={props.disabled}>
      <legend>
        <label>
          {/* A disabled fieldset leaves its legend's controls enabled, so the switch is disabled itself too. */}
          <input
            type="checkbox"
            checked={props.on}
            disabled={props.disabled}
            onChange={(event) => props.onToggle(event.target.checked)}
          />{' '}
          {props.label}
        </label>
      </legend>
      <p className="muted">{props.explanation}</p>
      <div className="fault-values">{props.children}</div>
    </fieldset>
  );
}

function NumberField(props: { label: string; value: string; max: number; step?: number; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        min={0}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  );
}

function stateFrom(result: FaultsApiResult): PanelState {
  if (!result.ok) return { kind: 'refused', message: result.message, forbidden: result.status === 403 };
  return { kind: 'ready', settings: result.settings, form: formFrom(result.settings), saving: false, note: undefined };
}

/** A switch is on when its value is above 0; a switch that is off offers the suggested value for when it is turned on. */
function formFrom({ shop, userApi }: FaultSettings): FaultForm {
  const latencyOn = Boolean(userApi && (userApi.latencyMs > 0 || userApi.jitterMs > 0));
  const shown = (value: number | undefined, suggested: number) => String(value ? value : suggested);
  return {
    latencyOn,
    latencyMs: latencyOn ? String(userApi!.latencyMs) : String(SUGGESTED.latencyMs),
    jitterMs: latencyOn ? String(userApi!.jitterMs) : String(SUGGESTED.jitterMs),
    errorsOn: Boolean(userApi && userApi.errorRate > 0),
    errorRate: shown(userApi?.errorRate, SUGGESTED.errorRate),
    slowQueryOn: Boolean(userApi && userApi.slowQueryMs > 0),
    slowQueryMs: shown(userApi?.slowQueryMs, SUGGESTED.slowQueryMs),
    orderFailuresOn: shop.orderFailureRate > 0,
    orderFailureRate: shown(shop.orderFailureRate, SUGGESTED.orderFailureRate),
  };
}

/** Off sends 0. A number that does not parse is sent as null, and the API says what it should be. */
function changeFrom(form: FaultForm, settings: FaultSettings): FaultSettingsChange {
  const valueIf = (on: boolean, typed: string) => (on ? Number(typed) : 0);
  const shop = { orderFailureRate: valueIf(form.orderFailuresOn, form.orderFailureRate) };
  if (settings.userApi === null) return { shop };
  return {
    shop,
    userApi: {
      latencyMs: valueIf(form.latencyOn, form.latencyMs),
      jitterMs: valueIf(form.latencyOn, form.jitterMs),
      errorRate: valueIf(form.errorsOn, form.errorRate),
      slowQueryMs: valueIf(form.slowQueryOn, form.slowQueryMs),
    },
  };
}

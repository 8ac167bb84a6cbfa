'use client';

import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { fetchFaultSettings, saveFaultSettings, type FaultsApiResult } from '@/lib/browser/faults-api';
import { USER_API_FAULT_FIELDS, type UserApiFaultSettings } from '@threadline/user-api/contract';
import { SHOP_FAULT_FIELDS, type FaultSettings, type FaultSettingsChange, type ShopFaultSettings } from '@/lib/shared/faults';

type Service = 'shop' | 'userApi';

/** A switch and the values it turns on; the form, the page and the change sent are all made from these. */
interface FaultSwitchDescription {
  key: string;
  label: string;
  service: Service;
  explanation: string;
  /** `suggested` is what a switch offers when it is turned on from off: plain to see in a trace, and short of the shop's 3 s timeout. */
  values: readonly { field: keyof UserApiFaultSettings | keyof ShopFaultSettings; label: string; suggested: number }[];
}

const FAULT_SWITCHES: readonly FaultSwitchDescription[] = [
  {
    key: 'latency',
    label: 'User API latency',
    service: 'userApi',
    explanation: 'Every user request waits this long, plus up to the jitter; its span “injected latency” shows the wait.',
    values: [
      { field: 'latencyMs', label: 'Delay (ms)', suggested: 500 },
      { field: 'jitterMs', label: 'Jitter (ms)', suggested: 200 },
    ],
  },
  {
    key: 'errors',
    label: 'User API errors',
    service: 'userApi',
    explanation: 'This share of user lookups fails with 500, so the order fails with 502.',
    values: [{ field: 'errorRate', label: 'Share of lookups (0–1)', suggested: 0.5 }],
  },
  {
    key: 'slowQuery',
    label: 'Slow user query',
    service: 'userApi',
    explanation: 'The user API’s “SELECT users” query takes this much longer.',
    values: [{ field: 'slowQueryMs', label: 'Query wait (ms)', suggested: 800 }],
  },
  {
    key: 'orderFailures',
    label: 'Order failures',
    service: 'shop',
    explanation: 'This share of orders fails in the shop with 500 after the user lookup; nothing is written.',
    values: [{ field: 'orderFailureRate', label: 'Share of orders (0–1)', suggested: 0.5 }],
  },
];

const FIELD_KINDS = { ...USER_API_FAULT_FIELDS, ...SHOP_FAULT_FIELDS };

/** The form as typed: numbers stay text until they are sent, so a half-typed value is not rewritten under the cursor. */
interface FaultForm {
  /** By switch key. */
  on: Readonly<Record<string, boolean>>;
  /** By field. */
  values: Readonly<Record<string, string>>;
}

type PanelState =
  | { kind: 'loading' }
  | { kind: 'refused'; message: string; forbidden: boolean }
  | { kind: 'ready'; settings: FaultSettings; form: FaultForm; saving: boolean; note: Note | undefined };

type Note = { kind: 'saved' } | { kind: 'error'; message: string };

/**
 * The fault switches, read and applied through /api/faults. The page holds nothing itself: the
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
      {FAULT_SWITCHES.map((description) => (
        <FaultSwitch
          key={description.key}
          label={description.label}
          on={form.on[description.key] ?? false}
          disabled={description.service === 'userApi' && userApiMissing}
          onToggle={(on) => edit({ on: { ...form.on, [description.key]: on } })}
          explanation={description.explanation}
        >
          {description.values.map(({ field, label }) => (
            <NumberField
              key={field}
              label={label}
              value={form.values[field] ?? ''}
              max={FIELD_KINDS[field] === 'ratio' ? 1 : settings.maxDelayMs}
              step={FIELD_KINDS[field] === 'ratio' ? 0.05 : 1}
              onChange={(value) => edit({ values: { ...form.values, [field]: value } })}
            />
          ))}
        </FaultSwitch>
      ))}
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

/** The values a service has now, by field; null when the user API could not be asked. */
function currentValues(settings: FaultSettings, service: Service): Readonly<Record<string, number>> | null {
  // Both settings types are records of numbers, by the contract's field lists.
  return settings[service] as unknown as Readonly<Record<string, number>> | null;
}

/** A switch is on when one of its values is above 0; a switch that is off offers the suggested values for when it is turned on. */
function formFrom(settings: FaultSettings): FaultForm {
  const on: Record<string, boolean> = {};
  const values: Record<string, string> = {};
  for (const description of FAULT_SWITCHES) {
    const current = currentValues(settings, description.service);
    const switchedOn = description.values.some(({ field }) => (current?.[field] ?? 0) > 0);
    on[description.key] = switchedOn;
    for (const { field, suggested } of description.values) {
      values[field] = String(switchedOn ? (current?.[field] ?? 0) : suggested);
    }
  }
  return { on, values };
}

/** Off sends 0. A number that does not parse is sent as null, and the API says what it should be. */
function changeFrom(form: FaultForm, settings: FaultSettings): FaultSettingsChange {
  const change: Record<Service, Record<string, number>> = { shop: {}, userApi: {} };
  for (const description of FAULT_SWITCHES) {
    for (const { field } of description.values) {
      change[description.service][field] = form.on[description.key] ? Number(form.values[field]) : 0;
    }
  }
  const shop = change.shop as Partial<ShopFaultSettings>;
  // The user API's faults cannot be changed while it cannot be asked.
  return settings.userApi === null ? { shop } : { shop, userApi: change.userApi as Partial<UserApiFaultSettings> };
}

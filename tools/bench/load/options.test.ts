import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOAD_LIMITS, LoadOptionsError, parseLoadOptions } from './options';

const FIXED_SEED = () => 42;

function refusal(args: string[]): string {
  try {
    parseLoadOptions(args, FIXED_SEED);
  } catch (error) {
    if (error instanceof LoadOptionsError) return error.message;
    throw error;
  }
  assert.fail(`${args.join(' ')} was accepted`);
}

describe('parseLoadOptions', () => {
  it('has small defaults aimed at the local shop', () => {
    assert.deepEqual(parseLoadOptions([], FIXED_SEED), {
      target: new URL('http://127.0.0.1:3000'),
      ratePerSecond: 5,
      durationSeconds: 20,
      badShare: 0.1,
      sessions: 3,
      browserOrders: 0,
      seed: 42,
      json: false,
      retries: 0,
    });
  });

  it('retries only as many times as asked, up to its cap', () => {
    assert.equal(parseLoadOptions(['--retries', '8'], FIXED_SEED)?.retries, 8);
    assert.match(refusal(['--retries', String(LOAD_LIMITS.maxRetries + 1)]), /--retries/);
    assert.match(refusal(['--retries', '1.5']), /--retries/);
  });

  it('reads every option, in both spellings', () => {
    const options = parseLoadOptions(
      ['--rate', '2.5', '--duration=8', '--bad-share', '0', '--sessions', '4', '--browser', '2', '--seed', '7', '--json'],
      FIXED_SEED,
    );
    assert.equal(options?.ratePerSecond, 2.5);
    assert.equal(options?.durationSeconds, 8);
    assert.equal(options?.badShare, 0);
    assert.equal(options?.sessions, 4);
    assert.equal(options?.browserOrders, 2);
    assert.equal(options?.seed, 7);
    assert.equal(options?.json, true);
    assert.equal(parseLoadOptions(['--help']), undefined);
  });

  it('caps rate and duration, and refuses values out of range, naming the option', () => {
    assert.match(
      refusal(['--rate', String(LOAD_LIMITS.maxRatePerSecond + 1)]),
      /--rate 51: must be a number above 0 and at most 50/,
    );
    assert.match(refusal(['--rate', '0']), /--rate 0/);
    assert.match(refusal(['--duration', '301']), /--duration 301/);
    assert.match(refusal(['--bad-share', '1.5']), /--bad-share 1.5: must be a number from 0 to 1/);
    assert.match(refusal(['--sessions', '0']), /--sessions 0: must be a whole number from 1 to 100/);
    assert.match(refusal(['--browser', '1.5']), /--browser 1.5/);
    assert.match(refusal(['--rate', 'fast']), /--rate fast/);
    assert.match(refusal(['--rat', '5']), /Unknown option '--rat'/);
  });

  it('sends load to this machine only, unless told --allow-remote', () => {
    for (const target of ['http://localhost:3000', 'http://127.0.0.1:4000', 'http://[::1]:3000']) {
      assert.equal(parseLoadOptions(['--target', target], FIXED_SEED)?.target.href, new URL(target).href);
    }
    assert.match(refusal(['--target', 'http://shop.example']), /not on this machine.*--allow-remote/);
    assert.match(refusal(['--target', 'http://127.0.0.1.nip.io:3000']), /not on this machine/);
    assert.equal(
      parseLoadOptions(['--target', 'https://shop.example', '--allow-remote'], FIXED_SEED)?.target.host,
      'shop.example',
    );
    assert.match(refusal(['--target', 'ftp://127.0.0.1']), /http\(s\)/);
    assert.match(refusal(['--target', 'not a url']), /is not a URL/);
  });
});

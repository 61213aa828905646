import { expectEqual } from '../assert.ts';
import type { SyncCommand, SyncModel, Real } from './SyncModel.ts';

/** A device writes one key with the SyncCount it last saw for it (possibly stale). */
export class UpdateRecordsCommand implements SyncCommand {
  constructor(readonly device: number, readonly key: string, readonly value: string | null) {}
  check = () => true;
  async run(m: SyncModel, r: Real): Promise<void> {
    const dev = m.devices[this.device % m.devices.length]!;
    const sent = dev.known.get(this.key) ?? 0;
    const current = m.records.get(this.key)?.syncCount ?? 0;
    const res = await r.driver.update(r.dataset, [{ Op: this.value === null ? 'remove' : 'replace', Key: this.key, SyncCount: sent, ...(this.value === null ? {} : { Value: this.value }) }]);
    if (sent !== current) {
      expectEqual(res.ok ? 200 : res.status, 409, `${this} with SyncCount ${sent}, server at ${current}`);
      return;
    }
    expectEqual(res.ok ? 200 : `${res.status} ${res.errorType}`, 200, `${this}`);
    m.syncCount += 1;
    m.exists = true;
    m.records.set(this.key, { value: this.value, syncCount: m.syncCount });
    dev.known.set(this.key, m.syncCount);
    if (res.ok) expectEqual(res.output.Records.map((x) => x.SyncCount), [m.syncCount], `${this}: returned SyncCount`);
  }
  toString = () => `update(device ${this.device}, ${this.key}=${JSON.stringify(this.value)})`;
}

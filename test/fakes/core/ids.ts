// Id generators shaped like each network's ids (numeric strings, snowflake-sized for X/LinkedIn).
export class IdSequence {
  private next: bigint;

  constructor(start: bigint | number) {
    this.next = BigInt(start);
  }

  take(): string {
    const id = this.next;
    this.next += 1n + BigInt(Math.floor(Math.random() * 1000));
    return id.toString();
  }
}

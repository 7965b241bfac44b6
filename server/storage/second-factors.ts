/** Where TOTP second factors and recovery codes live (tables second_factors and recovery_codes). */
export interface SecondFactorRecord {
  userId: string;
  /** base32 TOTP secret. */
  secret: string;
  confirmedAt: Date | null;
  lastStep: number | null;
}

export interface SecondFactorStorage {
  get(userId: string): Promise<SecondFactorRecord | undefined>;
  /** Starts (or restarts) a set-up: an unconfirmed secret, replacing an unconfirmed one. Refused (false) once confirmed. */
  begin(userId: string, secret: string): Promise<boolean>;
  /** Confirms the set-up with its first accepted step and stores the recovery code hashes, in one transaction. */
  confirm(userId: string, step: number, recoveryCodeHashes: string[], at: Date): Promise<boolean>;
  /** Records an accepted step; false when it is not later than the last one (a code used twice). */
  useStep(userId: string, step: number): Promise<boolean>;
  /** Marks an unused recovery code used; false when there is none with that hash. */
  useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean>;
  unusedRecoveryCodes(userId: string): Promise<number>;
  remove(userId: string): Promise<void>;
}

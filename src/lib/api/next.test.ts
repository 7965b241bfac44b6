import { describe, expect, it } from 'vitest';
import { safeNextPath, signinPath } from './next';

describe('safeNextPath', () => {
  it('keeps paths on this site', () => {
    expect(safeNextPath('/invite/abc?x=1')).toBe('/invite/abc?x=1');
  });

  it('refuses other sites and protocol-relative tricks', () => {
    expect(safeNextPath('https://evil.example/')).toBe('/dashboard');
    expect(safeNextPath('//evil.example/')).toBe('/dashboard');
    expect(safeNextPath('/\\evil.example/')).toBe('/dashboard');
    expect(safeNextPath(null, '/home')).toBe('/home');
  });
});

describe('signinPath', () => {
  it('carries next and the reason', () => {
    const url = new URL(signinPath('/groups/1', 'ended'), 'http://x');
    expect(url.pathname).toBe('/signin');
    expect(url.searchParams.get('next')).toBe('/groups/1');
    expect(url.searchParams.get('reason')).toBe('ended');
  });
});

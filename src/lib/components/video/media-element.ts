/** Svelte action: plays a MediaStream in a <video> element (srcObject cannot be set as an attribute). */
export function srcObject(element: HTMLVideoElement, stream: MediaStream | null) {
  const set = (next: MediaStream | null) => {
    if (element.srcObject !== next) element.srcObject = next;
    if (next) void element.play().catch(() => {});
  };
  set(stream);
  return { update: set, destroy: () => (element.srcObject = null) };
}

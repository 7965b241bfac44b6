import { describe, expect, it } from 'vitest';
import { boardToScreen, cameraToFit, cameraToViewport, panBy, screenToBoard, viewportToCamera, visibleRect, zoomAt } from './camera';

const screen = { width: 800, height: 600 };

describe('camera', () => {
  it('converts between screen and board both ways', () => {
    const camera = { x: 100, y: 50, zoom: 2 };
    expect(screenToBoard(camera, { x: 200, y: 100 })).toEqual({ x: 200, y: 100 });
    expect(boardToScreen(camera, { x: 200, y: 100 })).toEqual({ x: 200, y: 100 });
    expect(visibleRect(camera, screen)).toEqual({ x: 100, y: 50, w: 400, h: 300 });
  });

  it('pans with the finger and zooms around the pointer', () => {
    const camera = { x: 0, y: 0, zoom: 2 };
    expect(panBy(camera, 20, -10)).toEqual({ x: -10, y: 5, zoom: 2 });
    const pointer = { x: 300, y: 200 };
    const zoomed = zoomAt(camera, 1.5, pointer);
    expect(zoomed.zoom).toBe(3);
    expect(screenToBoard(zoomed, pointer)).toEqual(screenToBoard(camera, pointer));
    expect(zoomAt(camera, 1000, pointer).zoom).toBe(8);
  });

  it('shares a viewport by its centre, so screens of other sizes see the same middle', () => {
    const camera = { x: 10, y: 20, zoom: 2 };
    const viewport = cameraToViewport(camera, screen);
    expect(viewport).toEqual({ x: 210, y: 170, zoom: 2 });
    expect(viewportToCamera(viewport, screen)).toEqual(camera);
    const phone = viewportToCamera(viewport, { width: 400, height: 800 });
    expect(cameraToViewport(phone, { width: 400, height: 800 })).toEqual(viewport);
  });

  it('fits a rectangle on screen without zooming past 1', () => {
    const camera = cameraToFit({ x: 0, y: 0, w: 1440, h: 200 }, screen);
    expect(camera.zoom).toBeCloseTo(0.5);
    expect(cameraToFit({ x: 0, y: 0, w: 10, h: 10 }, screen).zoom).toBe(1);
  });
});

/** The menubar icon: one template image per state, and the menu the plain tray model describes. */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import * as path from 'node:path';
import type { DesktopApp } from '../desktop/desktop-app.js';
import type { MenuSpec, TrayState } from '../desktop/tray-model.js';
import { resourcesDir } from './paths.js';

let tray: Tray | null = null;
let act: (spec: MenuSpec) => void = () => {};

function image(state: TrayState) {
  // `...Template.png` (and its @2x beside it): macOS tints it for light and dark menu bars.
  const img = nativeImage.createFromPath(path.join(resourcesDir, 'tray', `${state}Template.png`));
  img.setTemplateImage(true);
  return img;
}

function toTemplate(items: MenuSpec[]): MenuItemConstructorOptions[] {
  return items.map((m) => ({
    ...(m.label !== undefined ? { label: m.label } : {}),
    type: m.type ?? 'normal',
    ...(m.enabled !== undefined ? { enabled: m.enabled } : {}),
    ...(m.checked !== undefined ? { checked: m.checked } : {}),
    ...(m.submenu ? { submenu: toTemplate(m.submenu) } : {}),
    ...(m.action ? { click: () => act(m) } : {}),
  }));
}

export function setupTray(desktop: DesktopApp): void {
  tray = new Tray(image('offline'));
  tray.setToolTip('Auxin');
  act = (m) => {
    if (m.action) void desktop.act(m.action);
  };
}

/** Called by DesktopApp whenever what the tray shows may have changed. */
export function setTrayView(state: TrayState, tooltip: string, menu: MenuSpec[]): void {
  if (!tray) return;
  tray.setImage(image(state));
  tray.setToolTip(tooltip);
  tray.setContextMenu(Menu.buildFromTemplate(toTemplate(menu)));
}

// Workbench helpers for the editor area (tabs, the active editor, webview panels), notifications
// and the browser dialogs a page might open.
import type { FrameLocator, Locator } from 'playwright-core';
import { WorkbenchQuickInput } from './quickInput';
import { waitUntil, type WaitOptions } from './wait';

export abstract class Workbench extends WorkbenchQuickInput {
  /** Texts of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  /** Waits until a notification toast contains `text`, and returns its message. */
  async waitForNotification(
    text: string,
    wait: Omit<WaitOptions, 'what'> & { what?: string },
  ): Promise<string> {
    return waitUntil(async () => (await this.notifications()).find((n) => n.includes(text)), {
      what: `a notification with "${text}"`,
      ...wait,
    });
  }

  /**
   * Dismisses every JavaScript dialog (alert, confirm, prompt) any frame opens from now on, and adds
   * its message to `dialogs` (tests assert that it stays empty).
   */
  collectDialogs(dialogs: string[]): void {
    this.page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
  }

  /** The first editor tab whose text contains `text`. */
  editorTab(text: string): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: text }).first();
  }

  /** The active tab of the active editor group. */
  activeTab(): Locator {
    return this.page.locator('.editor-group-container.active .tab.active').first();
  }

  /** The active tab's title: its aria-label without the ", Editor Group 2" added when groups are split. */
  async activeTabTitle(timeoutMs = 1_000): Promise<string | undefined> {
    const label = await this.activeTab().getAttribute('aria-label', { timeout: timeoutMs });
    return label?.replace(/, Editor Group \d+$/, '');
  }

  /** Waits until the active editor tab is titled `title`. */
  async waitForActiveTab(title: string, timeoutMs = 15_000): Promise<void> {
    await waitUntil(async () => (await this.activeTabTitle()) === title, {
      timeoutMs,
      what: `the active editor tab to be "${title}"`,
    });
  }

  /** The titles (aria-labels) of all editor tabs, left to right. */
  editorTabTitles(): Promise<string[]> {
    return this.page
      .locator('.editor-group-container .tab')
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
  }

  /** Closes every editor, so that the next panel is the only webview. */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    await this.page
      .locator('.editor-group-container .tab')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Clicks into the text of the active editor, which gives it keyboard focus. */
  async focusActiveEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  }

  /** The CodeLens titles shown in the active editor (waits for the first one). */
  async codeLensTitles(): Promise<string[]> {
    const lenses = this.page.locator('.monaco-editor .codelens-decoration');
    await lenses.first().waitFor({ state: 'visible', timeout: 20_000 });
    return (await lenses.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** How many editor groups the editor area holds (two when a panel opened beside another). */
  editorGroupCount(): Promise<number> {
    return this.page.locator('.editor-group-container').count();
  }

  /** The content documents of every webview shown in the editor area, one per visible group. */
  async shownWebviews(): Promise<FrameLocator[]> {
    const outer = this.page.locator('iframe.webview.ready').filter({ visible: true });
    const count = await outer.count();
    return Array.from({ length: count }, (_, i) =>
      outer.nth(i).contentFrame().locator('iframe#active-frame').contentFrame(),
    );
  }

  /** Waits for a shown webview (of several, side by side) in which `probe` holds, and returns it. */
  async shownWebviewWhere(
    probe: (frame: FrameLocator) => Promise<boolean>,
    wait: Omit<WaitOptions, 'what'> & { what: string },
  ): Promise<FrameLocator> {
    return waitUntil(async () => {
      for (const frame of await this.shownWebviews()) if (await probe(frame).catch(() => false)) return frame;
      return undefined;
    }, wait);
  }

  /** The content document of the webview shown in the editor area (outer iframe → #active-frame). */
  shownWebview(): FrameLocator {
    return this.page
      .locator('iframe.webview.ready')
      .filter({ visible: true })
      .first()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();
  }
}

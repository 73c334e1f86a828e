// Workbench helpers for the command palette and the quick input widget (input boxes, quick picks).
import type { Locator } from 'playwright-core';
import { WorkbenchViews } from './views';
import { exactly, waitUntil } from './wait';

export abstract class WorkbenchQuickInput extends WorkbenchViews {
  /** The quick input widget (command palette, input boxes, quick picks). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** The text field of the quick input widget. */
  get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** The rows of the open quick pick (the list is virtualized: only rendered rows are in the DOM). */
  get quickRows(): Locator {
    return this.quickInput.locator('.quick-input-list .monaco-list-row');
  }

  /** The quick pick row whose label (not description or detail) is exactly `label`. */
  quickRow(label: string | RegExp): Locator {
    const hasText = typeof label === 'string' ? exactly(label) : label;
    return this.quickRows.filter({ has: this.page.locator('.label-name', { hasText }) });
  }

  /** The labels (and detail lines, which are labels too) of the rendered quick pick rows. */
  quickLabels(): Promise<string[]> {
    return this.quickInput.locator('.quick-input-list .label-name').allInnerTexts();
  }

  /** Waits until a rendered quick pick label contains `text`, and returns all the labels then. */
  async waitForQuickLabel(text: string, timeoutMs: number, what: string): Promise<string[]> {
    return waitUntil(
      async () => {
        const labels = await this.quickLabels();
        return labels.some((l) => l.includes(text)) ? labels : undefined;
      },
      { timeoutMs, what },
    );
  }

  /** Waits until the quick input's title contains `title`. */
  async waitForQuickTitle(title: string | RegExp, timeoutMs = 10_000): Promise<void> {
    await this.quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: timeoutMs });
  }

  /** Opens the command palette with F1, types `title`, and runs the entry whose label is `title`. */
  async runCommand(title: string, timeoutMs = 15_000): Promise<void> {
    await this.dismissQuickInput();
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.quickInputBox.fill(`>${title}`);
    const entry = this.quickRows.filter({
      has: this.page.locator('.label-name', { hasText: exactly(title.trim(), 'i') }),
    });
    try {
      await entry.first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const seen = await this.quickRows.locator('.label-name').allInnerTexts();
      throw new Error(`command "${title}" not in the command palette; entries: ${JSON.stringify(seen)}`);
    }
    await entry.first().click();
  }

  /** Runs a command that opens a quick pick, types `filter` and accepts the focused entry `label`. */
  async pickFromCommand(command: string, filter: string, label: string): Promise<void> {
    await this.runCommand(command);
    await this.quickInputBox.fill(filter);
    await this.quickInput
      .locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: label })
      .first()
      .waitFor({ timeout: 10_000 });
    await this.quickInputBox.press('Enter');
  }

  /** Label and aria-label of the focused quick pick row. */
  async focusedPick(): Promise<{ label: string; ariaLabel: string }> {
    const row = this.quickInput.locator('.quick-input-list .monaco-list-row.focused').first();
    return {
      label: ((await row.locator('.label-name').first().textContent({ timeout: 1_000 })) ?? '').trim(),
      ariaLabel: (await row.getAttribute('aria-label', { timeout: 1_000 })) ?? '',
    };
  }

  /** Waits until the focused quick pick row is labelled `label`, and returns it. */
  async waitForFocusedPick(label: string, what: string): Promise<{ label: string; ariaLabel: string }> {
    return waitUntil(
      async () => {
        const focused = await this.focusedPick();
        return focused.label === label ? focused : undefined;
      },
      { timeoutMs: 10_000, what },
    );
  }

  /** The aria-labels of the rendered quick pick rows. */
  quickRowAriaLabels(): Promise<(string | null)[]> {
    return this.quickRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
  }

  /** Picks `label` in the open quick pick (waits for it first: the pick may just be replacing another). */
  async pickQuickItem(label: string, filter?: string): Promise<void> {
    // The list is virtualized: filter first, so that the entry is rendered.
    if (filter !== undefined) await this.quickInputBox.fill(filter);
    const row = this.quickRow(label).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 }).catch(async (error: unknown) => {
      const seen = await this.quickRowAriaLabels();
      throw new Error(`no quick pick entry "${label}" (${String(error)}); entries: ${JSON.stringify(seen)}`);
    });
    await row.click();
  }

  /** Types into the open input box (e.g. one that a command opened) and confirms with Enter. */
  async typeInInputBox(text: string, options: { submit?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    await this.quickInputBox.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.quickInputBox.fill(text);
    if (options.submit ?? true) {
      await this.quickInputBox.press('Enter');
      await this.quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
  }

  /** The prompt / placeholder of the open input box. */
  async inputBoxPrompt(timeoutMs = 10_000): Promise<{ placeholder: string; message: string }> {
    const input = this.quickInputBox;
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    return {
      placeholder: (await input.getAttribute('placeholder')) ?? '',
      message: (
        (await this.quickInput
          .locator('.quick-input-message')
          .first()
          .textContent()
          .catch(() => '')) ?? ''
      ).trim(),
    };
  }

  /** Closes an open quick input, if any. */
  async dismissQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible().catch(() => false)) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }

  /** Gives keyboard focus to the workbench (not to an input or hover). */
  async focusWorkbench(): Promise<void> {
    await this.page.bringToFront();
    const active = await this.page.evaluate(() => document.activeElement?.tagName ?? '');
    if (active === '' || active === 'BODY') {
      await this.page
        .locator('.statusbar')
        .click({ position: { x: 2, y: 2 } })
        .catch(() => undefined);
    }
  }
}

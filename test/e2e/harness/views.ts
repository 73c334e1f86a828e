// Workbench helpers for the activity bar, the side bar and its tree views: open a view container,
// read the rendered rows of a tree, expand, collapse and hover them, run their inline actions.
import type { Locator, Page } from 'playwright-core';
import { childRows, findRow, formatRows, type TreeRow } from './trees';
import { exactly, waitUntil } from './wait';

/** An inline action of a tree row, by its title (the aria-label may add a keybinding). */
function rowAction(row: Locator, title: string): Locator {
  return row.locator(
    `.actions a.action-label[aria-label="${title}"], .actions a.action-label[aria-label^="${title} ("]`,
  );
}

export abstract class WorkbenchViews {
  /** The browser page showing the workbench. */
  abstract get page(): Page;

  /** The activity-bar entry of a view container, by its title (e.g. "MLOps", "Explorer"). */
  activityBarItem(title: string): Locator {
    const item = '.activitybar .action-item a.action-label';
    return this.page.locator(`${item}[aria-label="${title}"], ${item}[aria-label^="${title} ("]`);
  }

  /** Shows a view container in the side bar (does not toggle it away when it is already shown). */
  async openViewContainer(title: string, timeoutMs = 20_000): Promise<void> {
    const item = this.activityBarItem(title);
    try {
      await item.first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const seen = await this.page
        .locator('.activitybar .action-item a.action-label')
        .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
      throw new Error(
        `no view container "${title}" in the activity bar after ${timeoutMs} ms; items: ${JSON.stringify(seen)}`,
      );
    }
    const checked = await item.first().evaluate((el) => {
      const li = el.closest('.action-item');
      return li?.classList.contains('checked') === true || el.getAttribute('aria-expanded') === 'true';
    });
    if (!checked) await item.first().click();
    await waitUntil(
      () => item.first().evaluate((el) => el.closest('.action-item')?.classList.contains('checked') === true),
      { timeoutMs, what: `view container "${title}" to be shown` },
    );
  }

  /** Drags the side bar's edge so that it is about `width` pixels wide (for readable screenshots). */
  async resizeSideBar(width: number): Promise<void> {
    const sideBar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sideBar) return;
    const y = sideBar.y + sideBar.height / 2;
    const x = sideBar.x + sideBar.width - 1;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sideBar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
    await this.page.mouse.move(0, 0);
  }

  /** The pane of a view in the side bar (or panel), by the view's title. */
  viewPane(viewTitle: string): Locator {
    return this.page.locator('.pane').filter({
      has: this.page.locator('.pane-header h3.title', { hasText: exactly(viewTitle, 'i') }),
    });
  }

  /** Expands a view's section when it is collapsed inside its container. */
  async ensureViewExpanded(viewTitle: string, timeoutMs = 10_000): Promise<void> {
    const pane = this.viewPane(viewTitle).first();
    await pane.waitFor({ state: 'attached', timeout: timeoutMs });
    const header = pane.locator('.pane-header').first();
    const expanded = await header.getAttribute('aria-expanded');
    if (expanded === 'false' && (await header.isVisible())) await header.click();
  }

  /** Folds a view's section away inside its container (no-op when it is folded already). */
  async foldView(viewTitle: string): Promise<void> {
    const header = this.viewPane(viewTitle).first().locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }

  /** The rendered rows of a tree view (only what is scrolled into view is in the DOM). */
  async treeRows(viewTitle: string): Promise<TreeRow[]> {
    const pane = this.viewPane(viewTitle).first();
    // No named helpers inside: the callback runs in the page, where tsx's __name shim is missing.
    const rows = await pane.locator('.pane-body .monaco-list-row').evaluateAll((elements) =>
      elements.map((el) => {
        const expandedAttr = el.getAttribute('aria-expanded');
        return {
          index: Number(el.getAttribute('data-index') ?? '0'),
          label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
          level: Number(el.getAttribute('aria-level') ?? '1'),
          expanded: expandedAttr === null ? undefined : expandedAttr === 'true',
          ariaLabel: el.getAttribute('aria-label') ?? '',
          title: el.querySelector('[title]')?.getAttribute('title') ?? '',
        };
      }),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  /** Waits until the rows of a view satisfy `check`, and returns them. */
  async waitForRows(
    viewTitle: string,
    check: (rows: TreeRow[]) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<TreeRow[]> {
    let last: TreeRow[] = [];
    try {
      return await waitUntil(
        async () => {
          last = await this.treeRows(viewTitle);
          return check(last) ? last : undefined;
        },
        { timeoutMs, intervalMs: 150, what },
      );
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\nrows of "${viewTitle}":\n${formatRows(last)}`,
      );
    }
  }

  /** The DOM row of the tree item at `path` (labels from the top level down), once it is rendered. */
  async rowLocator(viewTitle: string, path: readonly string[], timeoutMs = 15_000): Promise<Locator> {
    const rows = await this.waitForRows(
      viewTitle,
      (r) => findRow(r, path) !== undefined,
      `row ${path.join(' › ')}`,
      timeoutMs,
    );
    return this.rowAt(viewTitle, findRow(rows, path)!);
  }

  /** The DOM row of a row that treeRows returned. */
  rowAt(viewTitle: string, row: TreeRow): Locator {
    return this.viewPane(viewTitle).first().locator(`.pane-body .monaco-list-row[data-index="${row.index}"]`);
  }

  /** Expands each node along `path` (all must be collapsible) and returns the rows. */
  async revealPath(viewTitle: string, path: readonly string[]): Promise<TreeRow[]> {
    let rows = await this.treeRows(viewTitle);
    for (let i = 1; i <= path.length; i++) rows = await this.expandRow(viewTitle, path.slice(0, i));
    return rows;
  }

  /** The DOM row of the tree item at `path`, after expanding its ancestors. */
  async revealRow(viewTitle: string, path: readonly string[]): Promise<Locator> {
    await this.revealPath(viewTitle, path.slice(0, -1));
    return this.rowLocator(viewTitle, path);
  }

  /** Expands the tree item at `path` (no-op if it is already expanded) and waits for its children. */
  async expandRow(viewTitle: string, path: readonly string[], timeoutMs = 15_000): Promise<TreeRow[]> {
    const row = await this.rowLocator(viewTitle, path, timeoutMs);
    if ((await row.getAttribute('aria-expanded')) === 'false')
      await row.locator('.monaco-tl-twistie').click();
    return this.waitForRows(
      viewTitle,
      (rows) => findRow(rows, path)?.expanded === true && childRows(rows, path).length > 0,
      `children of ${path.join(' › ')}`,
      timeoutMs,
    );
  }

  /** Collapses the tree item at `path` (no-op if it is already collapsed). */
  async collapseRow(viewTitle: string, path: readonly string[], timeoutMs = 15_000): Promise<TreeRow[]> {
    const row = await this.rowLocator(viewTitle, path, timeoutMs);
    if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
    return this.waitForRows(
      viewTitle,
      (rows) => findRow(rows, path)?.expanded === false,
      `${path.join(' › ')} collapsed`,
      timeoutMs,
    );
  }

  /** Runs the view's "Collapse All" title action (from the pane header, or the side bar title when merged). */
  async collapseAll(viewTitle: string, timeoutMs = 10_000): Promise<void> {
    const inPane = this.viewPane(viewTitle)
      .first()
      .locator('.pane-header .actions a.action-label[aria-label="Collapse All"]');
    const inTitle = this.page.locator(
      '.part.sidebar > .composite.title a.action-label[aria-label="Collapse All"]',
    );
    await this.viewPane(viewTitle).first().hover(); // pane actions show only while hovered
    const button = (await inPane.isVisible().catch(() => false)) ? inPane : inTitle;
    await button.first().click({ timeout: timeoutMs });
    await this.waitForRows(
      viewTitle,
      (rows) => rows.every((r) => r.level === 1 && r.expanded !== true),
      'all rows collapsed',
      timeoutMs,
    );
  }

  /** The message a tree view shows above its rows (e.g. the active filter), or '' when none. */
  async viewMessage(viewTitle: string): Promise<string> {
    const message = this.viewPane(viewTitle).first().locator('.pane-body .message:not(.hide)');
    if ((await message.count()) === 0 || !(await message.first().isVisible())) return '';
    return (await message.first().innerText()).trim();
  }

  /** Hovers a tree item and returns the text of the hover that VS Code shows for it. */
  async hoverRow(viewTitle: string, path: readonly string[], timeoutMs = 10_000): Promise<string> {
    const row = await this.rowLocator(viewTitle, path, timeoutMs);
    await this.dismissHovers();
    await row.locator('.monaco-icon-label').first().hover();
    const hover = this.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /\S/ }).last();
    await hover.waitFor({ state: 'visible', timeout: timeoutMs });
    const text = (await hover.innerText()).trim();
    await this.page.mouse.move(0, 0);
    return text;
  }

  /**
   * The previous row's hover lingers for a moment after the mouse leaves it; reading the next
   * hover before it is gone returned the previous row's text (seen in CI).
   */
  async dismissHovers(): Promise<void> {
    await this.page.mouse.move(0, 0);
    const visible = this.page
      .locator('.workbench-hover:visible, .monaco-hover:visible')
      .filter({ hasText: /\S/ });
    const deadline = Date.now() + 3_000;
    while ((await visible.count()) > 0 && Date.now() < deadline) await this.page.waitForTimeout(100);
  }

  /** Hovers a tree row and clicks its inline action `title` (inline actions show only while hovered). */
  async clickRowAction(row: Locator, title: string): Promise<void> {
    await this.page.mouse.move(0, 0);
    await row.hover();
    const action = rowAction(row, title);
    await action.waitFor({ state: 'visible', timeout: 5_000 });
    await action.click();
  }
}

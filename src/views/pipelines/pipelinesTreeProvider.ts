import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DvcStage } from '../../core/pipeline/model';
import {
  childNodes,
  countStatuses,
  dataFileSummary,
  pathState,
  rootNodes,
  stageKey,
  type PipelineNode,
  type PipelinesState,
  type StatusEntry,
} from './pipelineTreeModel';
import {
  dataFileTooltip,
  describeCounts,
  describeDataFileCounts,
  describeStatus,
  describeSummary,
  fileKindLabel,
  sectionLabel,
  stageTooltip,
} from './strings';

/** What the tree needs beyond the pipeline state: where the workspace folders are. */
export interface PipelinesTreeHost extends PipelinesState {
  workspaceFolders(): readonly string[];
}

type Icon = [string, string | undefined];

/** A thin adapter from the pipeline model to tree items; it reads no files and shows no messages. */
export class PipelinesTreeProvider implements vscode.TreeDataProvider<PipelineNode> {
  private readonly changed = new vscode.EventEmitter<PipelineNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private parents = new Map<PipelineNode, PipelineNode>();

  constructor(private readonly host: PipelinesTreeHost) {}

  refresh(): void {
    this.parents = new Map();
    this.changed.fire(undefined);
  }

  getChildren(node?: PipelineNode): PipelineNode[] {
    const children = node ? childNodes(node) : rootNodes(this.host.files(), this.host.dataFiles());
    if (node) for (const child of children) this.parents.set(child, node);
    return children;
  }

  getParent(node: PipelineNode): PipelineNode | undefined {
    return this.parents.get(node);
  }

  getTreeItem(node: PipelineNode): vscode.TreeItem {
    switch (node.kind) {
      case 'file':
        return this.fileItem(node);
      case 'group':
        return this.groupItem(node);
      case 'stage':
        return this.stageItem(node.stage);
      case 'section':
        return sectionItem(node);
      case 'path':
        return this.pathItem(node);
      case 'entry':
        return entryItem(node);
      case 'parameter':
        return parameterItem(node);
      case 'target':
        return targetItem(node);
      case 'problem':
        return problemItem(node);
      case 'dataFiles':
        return this.dataFilesItem(node);
      case 'dataFile':
        return this.dataFileItem(node);
    }
  }

  /** A DVC project's `.dvc` data files: collapsed when there are many (a dataset of 60 parts). */
  private dataFilesItem(node: Extract<PipelineNode, { kind: 'dataFiles' }>): vscode.TreeItem {
    const item = new vscode.TreeItem(
      vscode.l10n.t('Data files (.dvc)'),
      node.dataFiles.length > MAX_EXPANDED_DATA_FILES
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.Expanded,
    );
    const counts = countStatuses(node.dataFiles, (f) => this.host.dataFileStatus(f.file));
    // The project's folder, unless it is the workspace folder itself.
    const where = this.displayPath(node.root);
    item.description = [where === '.' ? '' : where, describeDataFileCounts(counts)]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon('database');
    item.tooltip = vscode.l10n.t('Data tracked by DVC in {0} (dvc add, dvc import)', node.root);
    item.id = `dataFiles:${node.root}`;
    item.contextValue = 'mlopsLens.dvcDataFiles';
    return item;
  }

  private dataFileItem(node: Extract<PipelineNode, { kind: 'dataFile' }>): vscode.TreeItem {
    const { dataFile } = node;
    const relative = path.relative(dataFile.root, dataFile.file).split(path.sep).join('/');
    const item = new vscode.TreeItem(relative, vscode.TreeItemCollapsibleState.None);
    const entry = this.host.dataFileStatus(dataFile.file);
    const parts = [describeSummary(dataFileSummary(entry))];
    if (dataFile.frozen) parts.push(vscode.l10n.t('frozen'));
    item.description = parts.join(' · ');
    item.iconPath = themeIcon(...statusIcon(entry));
    item.tooltip = dataFileTooltip(dataFile, entry, this.displayPath(dataFile.file));
    item.resourceUri = vscode.Uri.file(dataFile.file);
    item.id = `dataFile:${dataFile.file}`;
    item.contextValue = 'mlopsLens.dvcDataFile';
    item.command = openCommand(dataFile.file);
    return item;
  }

  private fileItem(node: Extract<PipelineNode, { kind: 'file' }>): vscode.TreeItem {
    const { file, kind, items } = node.file;
    const item = new vscode.TreeItem(this.displayPath(file), vscode.TreeItemCollapsibleState.Expanded);
    const stages = items.filter((i): i is DvcStage => i.kind === 'dvc');
    item.description =
      kind === 'dvc'
        ? describeCounts(countStatuses(stages, (s) => this.host.status(s)))
        : fileKindLabel(kind, items.length);
    if (node.file.problems.length > 0) item.description += ` · ${vscode.l10n.t('has problems')}`;
    item.iconPath = new vscode.ThemeIcon(
      kind === 'dvc' ? 'type-hierarchy-sub' : kind === 'mlproject' ? 'beaker' : 'tools',
    );
    item.tooltip = file;
    item.resourceUri = vscode.Uri.file(file);
    item.id = `file:${file}`;
    item.contextValue = `mlopsLens.pipelineFile.${kind}`;
    item.command = openCommand(file);
    return item;
  }

  private groupItem(node: Extract<PipelineNode, { kind: 'group' }>): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
    const counts = countStatuses(node.stages, (s) => this.host.status(s));
    item.description = describeCounts(counts);
    const running = node.stages.some((s) => this.host.isRunning(s));
    const [icon, colour] = running
      ? RUNNING_ICON
      : counts.pending > 0
        ? PENDING_ICON
        : counts.changed + counts.neverRun + counts.unknown > 0
          ? CHANGED_ICON
          : UP_TO_DATE_ICON;
    item.iconPath = themeIcon(icon, colour);
    item.tooltip = `${node.name} (${vscode.l10n.t('{0} items', node.stages.length)})\n${item.description}`;
    item.id = `group:${node.dvcfile}\u0000${node.name}`;
    item.contextValue = 'mlopsLens.stageGroup';
    return item;
  }

  private stageItem(stage: DvcStage): vscode.TreeItem {
    const hasChildren = stage.deps.length + stage.params.length + stage.outs.length > 0;
    const item = new vscode.TreeItem(
      stage.name,
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    const entry = this.host.status(stage);
    const running = this.host.isRunning(stage);
    const parts = [running ? vscode.l10n.t('running…') : describeStatus(entry)];
    if (stage.frozen) parts.push(vscode.l10n.t('frozen'));
    item.description = parts.join(' · ');
    const [icon, colour] = running ? RUNNING_ICON : stage.frozen ? FROZEN_ICON : statusIcon(entry);
    item.iconPath = themeIcon(icon, colour);
    item.tooltip = stageTooltip(stage, entry, this.displayPath(stage.dvcfile), this.displayPath(stage.wdir));
    item.id = `stage:${stageKey(stage)}`;
    item.contextValue = 'mlopsLens.stage';
    item.command = openCommand(stage.dvcfile, stage.line);
    return item;
  }

  private pathItem(node: Extract<PipelineNode, { kind: 'path' }>): vscode.TreeItem {
    const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.None);
    const exists = this.host.exists(node.absolutePath);
    const state = pathState(
      this.host.status(node.stage),
      { relative: node.path, absolute: node.absolutePath },
      exists,
    );
    const parts = [node.detail];
    if (state === 'missing') parts.push(vscode.l10n.t('missing'));
    if (state === 'changed') parts.push(vscode.l10n.t('changed'));
    item.description = parts.filter((p) => p !== '').join(' · ');
    item.resourceUri = vscode.Uri.file(node.absolutePath);
    if (state === 'missing') item.iconPath = themeIcon('warning', 'list.warningForeground');
    else if (node.section === 'params') item.iconPath = new vscode.ThemeIcon('symbol-parameter');
    item.tooltip = [node.absolutePath, item.description].filter((t) => t !== '').join('\n');
    item.id = `path:${stageKey(node.stage)}\u0000${node.section}\u0000${node.path}`;
    item.contextValue = `mlopsLens.pipelinePath.${node.section}${state === 'missing' ? '.missing' : ''}`;
    item.command = {
      command: 'mlopsLens.openPipelinePath',
      title: vscode.l10n.t('Open'),
      arguments: [node],
    };
    return item;
  }

  /** Paths relative to the workspace folder holding them; absolute outside every folder. */
  displayPath(target: string): string {
    for (const folder of this.host.workspaceFolders()) {
      const relative = path.relative(folder, target);
      if (relative === '') return '.';
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
    }
    return target;
  }
}

const RUNNING_ICON: Icon = ['sync~spin', 'charts.blue'];
const PENDING_ICON: Icon = ['loading~spin', undefined];
const CHANGED_ICON: Icon = ['circle-filled', 'list.warningForeground'];
const UP_TO_DATE_ICON: Icon = ['pass', 'testing.iconPassed'];
const FROZEN_ICON: Icon = ['lock', undefined];
const MAX_EXPANDED_DATA_FILES = 20;

function statusIcon(entry: StatusEntry): Icon {
  if (entry.state === 'pending') return PENDING_ICON;
  if (entry.state === 'error') return ['error', 'list.errorForeground'];
  switch (entry.status.state) {
    case 'up-to-date':
      return UP_TO_DATE_ICON;
    case 'changed':
      return CHANGED_ICON;
    case 'never-run':
      return ['circle-outline', 'list.warningForeground'];
    case 'unknown':
      return ['warning', 'list.warningForeground'];
  }
}

function themeIcon(icon: string, colour: string | undefined): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
}

function openCommand(file: string, line?: number): vscode.Command {
  const options: vscode.TextDocumentShowOptions | undefined =
    line !== undefined ? { selection: new vscode.Range(line - 1, 0, line - 1, 0) } : undefined;
  return {
    command: 'vscode.open',
    title: vscode.l10n.t('Open'),
    arguments: [vscode.Uri.file(file), options],
  };
}

function sectionItem(node: Extract<PipelineNode, { kind: 'section' }>): vscode.TreeItem {
  const { stage, section } = node;
  const count =
    section === 'deps' ? stage.deps.length : section === 'params' ? stage.params.length : stage.outs.length;
  const item = new vscode.TreeItem(sectionLabel(section), vscode.TreeItemCollapsibleState.Expanded);
  item.description = String(count);
  item.iconPath = new vscode.ThemeIcon(
    section === 'deps' ? 'arrow-circle-right' : section === 'params' ? 'settings' : 'arrow-circle-left',
  );
  item.id = `section:${stageKey(stage)}\u0000${section}`;
  item.contextValue = `mlopsLens.stageSection.${section}`;
  return item;
}

function entryItem(node: Extract<PipelineNode, { kind: 'entry' }>): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(
    entry.name,
    entry.parameters.length > 0
      ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None,
  );
  item.description = entry.command;
  item.tooltip = `${entry.name}\n${entry.command}`;
  item.iconPath = new vscode.ThemeIcon('symbol-event');
  item.id = `entry:${entry.file}\u0000${entry.name}`;
  item.contextValue = 'mlopsLens.entryPoint';
  item.command = openCommand(entry.file, entry.line);
  return item;
}

function parameterItem(node: Extract<PipelineNode, { kind: 'parameter' }>): vscode.TreeItem {
  const { parameter } = node;
  const item = new vscode.TreeItem(parameter.name, vscode.TreeItemCollapsibleState.None);
  item.description =
    parameter.default === null
      ? `${parameter.type} · ${vscode.l10n.t('required')}`
      : `${parameter.type} = ${parameter.default}`;
  item.iconPath = new vscode.ThemeIcon('symbol-parameter');
  item.id = `parameter:${node.entry.file}\u0000${node.entry.name}\u0000${parameter.name}`;
  item.contextValue = 'mlopsLens.entryParameter';
  return item;
}

function targetItem(node: Extract<PipelineNode, { kind: 'target' }>): vscode.TreeItem {
  const { target } = node;
  const item = new vscode.TreeItem(target.name, vscode.TreeItemCollapsibleState.None);
  item.description = target.command;
  item.iconPath = new vscode.ThemeIcon('symbol-method');
  item.id = `target:${target.file}\u0000${target.name}`;
  item.contextValue = 'mlopsLens.makeTarget';
  item.command = openCommand(target.file, target.line);
  return item;
}

function problemItem(node: Extract<PipelineNode, { kind: 'problem' }>): vscode.TreeItem {
  const { problem } = node;
  const item = new vscode.TreeItem(path.basename(problem.path), vscode.TreeItemCollapsibleState.None);
  item.description = problem.reason;
  item.tooltip = `${problem.path}\n${problem.reason}`;
  item.iconPath = themeIcon('warning', 'problemsWarningIcon.foreground');
  item.contextValue = 'mlopsLens.pipelineProblem';
  item.command = openCommand(problem.path);
  return item;
}

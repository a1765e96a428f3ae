// Java (parallel)'s JupyterLab plugin: the "Java clusters" side panel.
import { ILabShell, ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { LabIcon } from '@jupyterlab/ui-components';

import logoUrl from '../../kernelspec/logo-64x64.png';
import { ClustersPanel } from './panel';

const logoIcon = new LabIcon({
  name: 'jparallel-lab:logo',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 64 64">' +
    `<image href="${logoUrl}" width="64" height="64"/></svg>`
});

/** Inserts code as a new cell above the active cell of the current notebook; returns a sentence when it cannot. */
function inserter(app: JupyterFrontEnd, notebooks: INotebookTracker | null): (code: string) => string {
  return (code: string) => {
    const panel = notebooks?.currentWidget;
    if (!panel) {
      return 'Open a notebook first: the code goes into the active notebook.';
    }
    const notebook = panel.content;
    if (!notebook.model) {
      return 'The active notebook has not loaded yet.';
    }
    NotebookActions.insertAbove(notebook);
    NotebookActions.changeCellType(notebook, 'code');
    notebook.activeCell?.model.sharedModel.setSource(code);
    app.shell.activateById(panel.id);
    return '';
  };
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jparallel-lab:clusters',
  description: 'The Java clusters panel: profiles, engine counts, Start, Stop, Restart and live state.',
  autoStart: true,
  optional: [ILabShell, ILayoutRestorer, INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    _labShell: ILabShell | null,
    restorer: ILayoutRestorer | null,
    notebooks: INotebookTracker | null
  ) => {
    const panel = new ClustersPanel(logoUrl, inserter(app, notebooks));
    panel.title.icon = logoIcon;
    app.shell.add(panel, 'left', { rank: 210 });
    if (restorer) {
      restorer.add(panel, 'jparallel-clusters');
    }
    app.commands.addCommand('jparallel:open-clusters', {
      label: 'Java clusters',
      caption: 'Show the Java clusters panel',
      execute: () => app.shell.activateById(panel.id)
    });
  }
};

export default plugin;

"""Java (parallel)'s JupyterLab extension: the "Java clusters" side panel and its server part."""

from traitlets import Unicode
from traitlets.config import Configurable

from .clusters import Clusters, find_jpcluster
from .handlers import setup_handlers

__version__ = "0.1.0"


class JParallelLab(Configurable):
    """Settings of the Java clusters panel's server extension."""

    jpcluster = Unicode("", config=True,
                        help="The jpcluster command (Java (parallel)'s bin/jpcluster); ./install.sh sets it. "
                             "JPARALLEL_JPCLUSTER replaces it; without either, jpcluster on PATH.")


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jparallel-lab"}]


def _jupyter_server_extension_points():
    return [{"module": "jparallel_lab"}]


def _load_jupyter_server_extension(server_app):
    settings = JParallelLab(parent=server_app)
    clusters = Clusters(find_jpcluster(settings.jpcluster), server_app.log)
    server_app.web_app.settings["jparallel_clusters"] = clusters
    setup_handlers(server_app.web_app, clusters)
    server_app.log.info("jparallel_lab: the Java clusters panel uses %s", clusters.jpcluster or "(no jpcluster found)")

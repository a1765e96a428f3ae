"""REST handlers of the Java clusters panel, under the server's base URL and its authentication.

GET  {base}jparallel/clusters?since=V   the profiles, clusters and recent actions; waits (up to
                                        25 s) until the state's version passes V
POST {base}jparallel/clusters/PROFILE   {"action": "start"|"stop"|"restart", "engines": N}: runs
                                        `jpcluster ACTION --profile PROFILE [-n N] --json`
                                        in the background (202); its outcome shows in the state
"""

import json
import re

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from .clusters import ACTIONS

#: As jpcluster's Profile.checkName: it becomes part of file names.
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_BODY = 4096
MAX_ENGINES = 4096


class ClustersHandler(APIHandler):
    def initialize(self, clusters):
        self.clusters = clusters

    @web.authenticated
    async def get(self):
        since = self.get_query_argument("since", "-1")
        try:
            since = int(since)
        except ValueError:
            raise web.HTTPError(400, f"since must be a whole number (a version the panel saw), not '{since[:40]}'")
        state = await self.clusters.wait_for_change(since)
        self.finish(json.dumps(state))


class ClusterActionHandler(APIHandler):
    def initialize(self, clusters):
        self.clusters = clusters

    @web.authenticated
    async def post(self, profile):
        if not PROFILE_NAME.fullmatch(profile):
            raise web.HTTPError(400, f"'{profile[:70]}' is not a profile name: use letters, digits, '.', '_' and '-' "
                                     "(at most 64, starting with a letter or digit)")
        if len(self.request.body) > MAX_BODY:
            raise web.HTTPError(413, f"the request body is longer than {MAX_BODY} bytes")
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the request body is not JSON")
        if not isinstance(body, dict):
            raise web.HTTPError(400, 'the request body must be a JSON object such as {"action": "start", "engines": 2}')
        action = body.get("action")
        if action not in ACTIONS:
            raise web.HTTPError(400, f"unknown action {json.dumps(action)[:40]}: use start, stop or restart")
        engines = body.get("engines")
        if engines is not None and (not isinstance(engines, int) or isinstance(engines, bool)
                                    or not 1 <= engines <= MAX_ENGINES):
            raise web.HTTPError(400, f"the number of engines must be a whole number between 1 and {MAX_ENGINES}, "
                                     f"not {json.dumps(engines)[:40]}")
        if self.clusters.busy(profile):
            raise web.HTTPError(409, f"the cluster '{profile}' is busy with a {self.clusters.actions[profile]['action']}; "
                                     "wait until it has finished")
        await self.clusters.act(profile, action, engines)
        self.set_status(202)
        self.finish(json.dumps({"profile": profile, "action": action, "accepted": True}))


def setup_handlers(web_app, clusters):
    base = url_path_join(web_app.settings["base_url"], "jparallel", "clusters")
    web_app.add_handlers(".*$", [
        (base, ClustersHandler, {"clusters": clusters}),
        (url_path_join(base, "([^/]+)"), ClusterActionHandler, {"clusters": clusters}),
    ])

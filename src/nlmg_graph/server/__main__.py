"""A worker process of ``nlmg-graph serve``: ``python -m nlmg_graph.server FD SETTINGS``.

Started by :class:`~nlmg_graph.server.pool.WorkerPool` only: ``FD`` is its end of the socket
to the server, ``SETTINGS`` a JSON object with the graph source and the result cap.
"""

from __future__ import annotations

import json
import socket
import sys

from nlmg_graph.server.worker import GraphSource, main

if __name__ == "__main__":
    settings = json.loads(sys.argv[2])
    source = settings["source"]
    main(
        socket.socket(fileno=int(sys.argv[1])),
        GraphSource(source["store"], tuple(source["data"])),
        settings["max_result_bytes"],
    )

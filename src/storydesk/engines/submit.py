"""The file to hand to spark-submit: ``storydesk spark run`` under the cluster's own Spark settings.

    spark-submit --master yarn ... "$(python -c 'import storydesk.engines.submit as m; print(m.__file__)')" \
        --warc-list warc.paths.gz --out s3a://bucket/storydesk/2024-01

Absolute imports only: spark-submit runs this file as a script, not as part of the package.
"""

import sys

from storydesk.cli import app

if __name__ == "__main__":
    app(args=["spark", "run", *sys.argv[1:]], prog_name="storydesk")

"""The Streamlit script of the dashboard (``yindi serve`` runs it; nothing imports it).

Imported outside a Streamlit run (``python -c "import yindi.app._main"``, a tool importing
every module) it draws nothing and touches no file.
"""

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from yindi.app._shell import main

if get_script_run_ctx(suppress_warning=True) is not None:
    main()

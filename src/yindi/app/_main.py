"""The Streamlit script of the dashboard (``yindi serve`` runs it; nothing imports it)."""

from yindi.app._shell import main

main()

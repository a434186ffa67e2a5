from documents.docx_build import main

main()

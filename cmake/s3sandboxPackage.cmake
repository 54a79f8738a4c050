# The .deb of the release binary (scripts/package.sh): the s3sandbox binary, a man page generated
# from its --help (help2man) and the licence texts of what it links. Only the binary's files:
# the library, headers and CMake package of s3sandboxInstall.cmake are for builds from source, so
# a packaging tree is configured with S3SANDBOX_INSTALL=OFF and S3SANDBOX_PACKAGE=ON.
#
# S3SANDBOX_PACKAGE_LICENSE_DIR: a directory of licence texts, one file per linked component
# (scripts/package.sh collects them), installed as /usr/share/doc/s3sandbox/licenses.
include(GNUInstallDirs)

set(S3SANDBOX_PACKAGE_LICENSE_DIR "" CACHE PATH "Licence texts to ship in the .deb")
if(NOT S3SANDBOX_PACKAGE_LICENSE_DIR OR NOT IS_DIRECTORY "${S3SANDBOX_PACKAGE_LICENSE_DIR}")
  message(FATAL_ERROR "S3SANDBOX_PACKAGE_LICENSE_DIR must name the directory of licence texts "
                      "(scripts/package.sh makes it)")
endif()
find_program(S3SANDBOX_HELP2MAN help2man)
if(NOT S3SANDBOX_HELP2MAN)
  message(FATAL_ERROR "help2man not found: install the Debian package help2man "
                      "(scripts/install-deps.sh release)")
endif()

# The man page is the --help and --version text, so it can never disagree with the binary.
set(_s3sandbox_man "${PROJECT_BINARY_DIR}/s3sandbox.1")
add_custom_command(
  OUTPUT "${_s3sandbox_man}.gz"
  COMMAND "${S3SANDBOX_HELP2MAN}" --no-info --no-discard-stderr
          --name "local S3-compatible server for testing apps that use S3"
          --output "${_s3sandbox_man}" "$<TARGET_FILE:s3sandbox>"
  # -n: no name or time stamp in the gzip header, so the same binary makes the same .deb.
  COMMAND gzip -9nf "${_s3sandbox_man}"
  DEPENDS s3sandbox
  COMMENT "Generating the s3sandbox(1) man page from --help")
add_custom_target(s3sandbox_man ALL DEPENDS "${_s3sandbox_man}.gz")

install(TARGETS s3sandbox RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES "${_s3sandbox_man}.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(DIRECTORY "${S3SANDBOX_PACKAGE_LICENSE_DIR}/"
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/licenses)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME s3sandbox)
set(CPACK_PACKAGE_VENDOR s3sandbox)
set(CPACK_PACKAGE_CONTACT "s3sandbox maintainers <s3sandbox@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Local S3-compatible server for testing apps that use S3 (presigned URLs, SDKs, browsers)")
set(CPACK_PACKAGE_FILE_NAME "s3sandbox_${PROJECT_VERSION}_amd64")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# Static except glibc: dpkg-shlibdeps derives the libc6 version from the symbols the binary uses.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX "${PROJECT_BINARY_DIR}/packages")
include(CPack)
unset(_s3sandbox_man)

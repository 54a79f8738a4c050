# Install rules: the module libraries, the public headers, the s3sandbox binary and a CMake
# package, so that after `cmake --install build --prefix P` a project finds it with
# find_package(s3sandbox) (CMAKE_PREFIX_PATH=P) and links s3sandbox::server.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(S3SANDBOX_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/s3sandbox)
install(TARGETS ${S3SANDBOX_LIBRARIES} EXPORT s3sandboxTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(TARGET s3sandbox)
  # Exported too (s3sandbox::s3sandbox), for tests that run the server as a process.
  install(TARGETS s3sandbox EXPORT s3sandboxTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/s3sandbox
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT s3sandboxTargets NAMESPACE s3sandbox:: DESTINATION ${S3SANDBOX_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/s3sandboxConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/s3sandboxConfig.cmake
                              INSTALL_DESTINATION ${S3SANDBOX_CMAKE_DIR})
# 0.x: a minor version may break the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/s3sandboxConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/s3sandboxConfig.cmake
              ${PROJECT_BINARY_DIR}/s3sandboxConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/s3sandboxDependencies.cmake
        DESTINATION ${S3SANDBOX_CMAKE_DIR})
